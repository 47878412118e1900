package server

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// Principal is the signed-in user of a request, as the database says now
// (not as the token said when it was issued).
type Principal struct {
	UserID     int64
	Role       models.Role
	SupplierID *int64
	// Suppliers are a qc user's assigned suppliers.
	Suppliers []int64
	Locale    string
}

// IsFactory reports a supplier user, whose data is scoped to one supplier.
func (p *Principal) IsFactory() bool { return p.Role == models.RoleFactory }

// IsQC reports an inspector, whose data is scoped to its assigned suppliers.
func (p *Principal) IsQC() bool { return p.Role == models.RoleQC }

const localPrincipal = "principal"

func principalOf(c *fiber.Ctx) *Principal {
	p, _ := c.Locals(localPrincipal).(*Principal)
	return p
}

// authenticate verifies the bearer token and checks the user's current state
// with one primary-key read: a disabled user or a bumped token version stops
// every access token at once.
func (s *Server) authenticate(c *fiber.Ctx) (*Principal, error) {
	uid, ver, err := s.bearer(c)
	if err != nil {
		return nil, err
	}
	st, err := s.store.GetAuthState(c.UserContext(), uid)
	if errors.Is(err, models.ErrNotFound) {
		return nil, errInvalidToken
	}
	if err != nil {
		return nil, err
	}
	return s.admit(c, st, ver)
}

var errInvalidToken = apiError(fiber.StatusUnauthorized, "invalid_token", "Your session is not valid; sign in again.")

// bearer verifies the request's access token: its user id and token version.
func (s *Server) bearer(c *fiber.Ctx) (int64, int, error) {
	h := c.Get(fiber.HeaderAuthorization)
	raw, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || raw == "" || len(raw) > 4096 {
		return 0, 0, errUnauthenticated
	}
	uid, ver, err := s.tokens.Verify(strings.TrimSpace(raw))
	if err != nil {
		return 0, 0, errInvalidToken
	}
	return uid, ver, nil
}

// admit checks a user's current state against the token's version and
// makes it the request's principal.
func (s *Server) admit(c *fiber.Ctx, st *models.AuthState, ver int) (*Principal, error) {
	if !st.Active || st.TokenVersion != ver {
		return nil, apiError(fiber.StatusUnauthorized, "session_revoked", "Your session has ended; sign in again.")
	}
	if st.Role == models.RoleFactory && st.SupplierID == nil {
		return nil, errForbidden
	}
	p := &Principal{UserID: st.ID, Role: st.Role, SupplierID: st.SupplierID, Suppliers: st.Suppliers, Locale: st.Locale}
	c.Locals(localPrincipal, p)
	return p, nil
}

// One-read routes (access.oneRead): the handler's read brings the caller's
// users row with its data (models.GetOrderViewAs), so the request makes
// one query instead of two. The route's wrap verifies the token and leaves
// its user id for the handler (callerID); the handler hands the state its
// read returned to admitRead before it decides anything else. If the
// handler answers without having done so (a bad id, a failed read), the
// wrap checks the caller the usual way and that answer wins, so a revoked
// session is a 401 whatever the handler found.

const localPending = "pending-token"

type pendingToken struct {
	uid    int64
	ver    int
	access access
}

// callerID is the verified token's user id on a one-read route.
func callerID(c *fiber.Ctx) int64 {
	p, _ := c.Locals(localPending).(*pendingToken)
	if p == nil {
		return 0
	}
	return p.uid
}

// admitRead checks the auth state a one-read route's query returned, as
// authenticate would; nil (the query found no row) checks the user with a
// read of its own.
func (s *Server) admitRead(c *fiber.Ctx, st *models.AuthState) (*Principal, error) {
	pt, _ := c.Locals(localPending).(*pendingToken)
	if pt == nil {
		return nil, errors.New("admitRead outside a one-read route")
	}
	var p *Principal
	var err error
	if st == nil {
		p, err = s.authenticate(c)
	} else {
		p, err = s.admit(c, st, pt.ver)
	}
	if err != nil {
		return nil, err
	}
	if !pt.access.allows(p.Role) {
		c.Locals(localPrincipal, nil) // admitted, but not for this route
		return nil, errForbidden
	}
	return p, nil
}

// oneRead runs a one-read route (see above).
func (s *Server) oneRead(c *fiber.Ctx, r route) error {
	uid, ver, err := s.bearer(c)
	if err != nil {
		return err
	}
	c.Locals(localPending, &pendingToken{uid: uid, ver: ver, access: r.access})
	herr := r.handler(c)
	if principalOf(c) != nil {
		return herr
	}
	// Not admitted: whatever the handler made is dropped.
	c.Response().ResetBody()
	c.Response().Header.Del(fiber.HeaderETag)
	c.Response().Header.Del(fiber.HeaderContentEncoding)
	p, err := s.authenticate(c)
	if err != nil {
		return err
	}
	if !r.access.allows(p.Role) {
		return errForbidden
	}
	if herr == nil {
		return errors.New("a one-read route answered without checking its caller")
	}
	return herr
}
