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
	Locale     string
}

// IsFactory reports a supplier user, whose data is scoped to one supplier.
func (p *Principal) IsFactory() bool { return p.Role == models.RoleFactory }

const localPrincipal = "principal"

func principalOf(c *fiber.Ctx) *Principal {
	p, _ := c.Locals(localPrincipal).(*Principal)
	return p
}

// authenticate verifies the bearer token and checks the user's current state
// with one primary-key read: a disabled user or a bumped token version stops
// every access token at once.
func (s *Server) authenticate(c *fiber.Ctx) (*Principal, error) {
	h := c.Get(fiber.HeaderAuthorization)
	raw, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || raw == "" || len(raw) > 4096 {
		return nil, errUnauthenticated
	}
	uid, ver, err := s.tokens.Verify(strings.TrimSpace(raw))
	if err != nil {
		return nil, apiError(fiber.StatusUnauthorized, "invalid_token", "Your session is not valid; sign in again.")
	}
	st, err := s.store.GetAuthState(c.UserContext(), uid)
	if errors.Is(err, models.ErrNotFound) {
		return nil, apiError(fiber.StatusUnauthorized, "invalid_token", "Your session is not valid; sign in again.")
	}
	if err != nil {
		return nil, err
	}
	if !st.Active || st.TokenVersion != ver {
		return nil, apiError(fiber.StatusUnauthorized, "session_revoked", "Your session has ended; sign in again.")
	}
	if st.Role == models.RoleFactory && st.SupplierID == nil {
		return nil, errForbidden
	}
	p := &Principal{UserID: st.ID, Role: st.Role, SupplierID: st.SupplierID, Locale: st.Locale}
	c.Locals(localPrincipal, p)
	return p, nil
}
