package server

import (
	"errors"
	"log/slog"
	"math"
	"net"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

const (
	refreshCookie = "gendan_refresh"
	refreshPath   = "/api/v1/auth"
	loginWindow   = 15 * time.Minute
	maxFailsLogin = 10
	maxFailsPerIP = 50
)

type loginRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

// userDTO is how a user is shown to itself and to admins.
type userDTO struct {
	ID          int64      `json:"id"`
	Name        string     `json:"name"`
	Email       string     `json:"email"`
	Phone       *string    `json:"phone"`
	Role        string     `json:"role"`
	SupplierID  *int64     `json:"supplier_id"`
	SupplierIDs []int64    `json:"supplier_ids"`
	Locale      string     `json:"locale"`
	Active      bool       `json:"active"`
	LastLoginAt *time.Time `json:"last_login_at"`
	CreatedAt   time.Time  `json:"created_at"`
}

func toUserDTO(u *models.User) userDTO {
	return userDTO{ID: u.ID, Name: u.Name, Email: u.Email, Phone: u.Phone, Role: string(u.Role),
		SupplierID: u.SupplierID, SupplierIDs: nonNil(u.SupplierIDs), Locale: u.Locale, Active: u.Active, LastLoginAt: u.LastLoginAt, CreatedAt: u.CreatedAt}
}

type sessionResponse struct {
	AccessToken string     `json:"access_token"`
	TokenType   string     `json:"token_type"`
	ExpiresIn   int        `json:"expires_in"`
	User        meResponse `json:"user"`
}

// Longest login and password the sign-in form reads (bytes).
const (
	maxLoginLen    = 254
	maxPasswordLen = 1024
)

var errBadCredentials = apiError(fiber.StatusUnauthorized, "invalid_credentials", "The login or password is wrong.")

// login checks the rate limits, then the password, and opens a session: an
// access token in the body and a rotating refresh token in a cookie.
func (s *Server) login(c *fiber.Ctx) error {
	var req loginRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	v := &models.ValidationError{}
	if strings.TrimSpace(req.Login) == "" {
		v.Add("login", "required")
	}
	if req.Password == "" {
		v.Add("password", "required")
	}
	if len(req.Login) > maxLoginLen {
		v.Add("login", "too_long", "max", maxLoginLen)
	}
	if len(req.Password) > maxPasswordLen {
		v.Add("password", "too_long", "max", maxPasswordLen)
	}
	if err := v.Err(); err != nil {
		return err
	}
	ctx := c.UserContext()
	login := models.NormalizeLogin(req.Login)
	ip := c.IP()
	if err := s.checkLoginLimit(c, login, ip); err != nil {
		return err
	}
	u, err := s.store.Authenticate(ctx, login, req.Password)
	if errors.Is(err, models.ErrUnauthorized) {
		if aerr := s.store.RecordAudit(ctx, models.AuditEvent{Action: models.AuditLoginFailed, Subject: login, IP: ip}); aerr != nil {
			return aerr
		}
		return errBadCredentials
	}
	if err != nil {
		return err
	}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditLogin, ActorID: &u.ID, Subject: login, IP: ip}); err != nil {
		return err
	}
	rt, err := s.store.IssueRefreshToken(ctx, u.ID)
	if err != nil {
		return err
	}
	return s.sendSession(c, u, rt)
}

// checkLoginLimit answers 429 after too many failures for one login or one IP
// within the window. The counts come from the audit table, so every node
// sees the same ones.
func (s *Server) checkLoginLimit(c *fiber.Ctx, login, ip string) error {
	now := s.clock.Now()
	since := now.Add(-loginWindow)
	for _, lim := range []struct {
		col, val string
		max      int64
	}{{"subject", login, maxFailsLogin}, {"ip", ip, maxFailsPerIP}} {
		n, oldest, err := s.store.RecentCount(c.UserContext(), models.AuditLoginFailed, lim.col, lim.val, since)
		if err != nil {
			return err
		}
		if n >= lim.max {
			wait := int(math.Ceil(oldest.Add(loginWindow).Sub(now).Seconds()))
			if wait < 1 {
				wait = 1
			}
			return &APIError{Status: fiber.StatusTooManyRequests, Code: "too_many_attempts",
				Message: "Too many failed sign-in attempts; wait and try again.", RetryAfter: wait}
		}
	}
	return nil
}

func (s *Server) sendSession(c *fiber.Ctx, u *models.User, refreshToken string) error {
	at, exp, err := s.tokens.Issue(u.ID, u.TokenVersion)
	if err != nil {
		return err
	}
	me, err := s.meBody(c, u)
	if err != nil {
		return err
	}
	s.setRefreshCookie(c, refreshToken, s.clock.Now().Add(models.RefreshTTL))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(sessionResponse{AccessToken: at, TokenType: "Bearer",
		ExpiresIn: int(exp.Sub(s.clock.Now()).Seconds()), User: me})
}

// setRefreshCookie scopes the refresh token to the auth endpoints. It is
// Secure everywhere except plain HTTP on localhost, where browsers would
// otherwise drop it during development and the demo.
func (s *Server) setRefreshCookie(c *fiber.Ctx, value string, expires time.Time) {
	ck := &fiber.Cookie{Name: refreshCookie, Value: value, Path: refreshPath, HTTPOnly: true,
		SameSite: fiber.CookieSameSiteStrictMode, Secure: !isPlainLocalhost(c)}
	if value == "" {
		ck.Expires = time.Unix(0, 0)
		ck.MaxAge = -1
	} else {
		ck.Expires = expires
	}
	c.Cookie(ck)
}

func isPlainLocalhost(c *fiber.Ctx) bool {
	if c.Protocol() != "http" {
		return false
	}
	host := c.Hostname()
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) refresh(c *fiber.Ctx) error {
	raw := c.Cookies(refreshCookie)
	if raw == "" {
		return apiError(fiber.StatusUnauthorized, "invalid_refresh_token", "Your session has ended; sign in again.")
	}
	ctx := c.UserContext()
	uid, next, err := s.store.RotateRefreshToken(ctx, raw)
	switch {
	case errors.Is(err, models.ErrTokenReused):
		s.log.Warn("refresh token reused; family revoked", slog.String("request_id", requestID(c)))
		// The family is revoked and the cookie must still be cleared, so a
		// failed audit write is logged (by audit) rather than answered.
		_ = s.audit(c, models.AuditEvent{Action: models.AuditTokenReuse, IP: c.IP()})
		s.setRefreshCookie(c, "", time.Time{})
		return apiError(fiber.StatusUnauthorized, "refresh_token_reused", "This session was used elsewhere and has been closed; sign in again.")
	case errors.Is(err, models.ErrUnauthorized):
		s.setRefreshCookie(c, "", time.Time{})
		return apiError(fiber.StatusUnauthorized, "invalid_refresh_token", "Your session has ended; sign in again.")
	case err != nil:
		return err
	}
	u, err := s.store.GetUser(ctx, uid)
	if err != nil {
		return err
	}
	return s.sendSession(c, u, next)
}

func (s *Server) logout(c *fiber.Ctx) error {
	if raw := c.Cookies(refreshCookie); raw != "" {
		if err := s.store.RevokeRefreshFamily(c.UserContext(), raw); err != nil {
			return err
		}
		if err := s.audit(c, models.AuditEvent{Action: models.AuditLogout, IP: c.IP()}); err != nil {
			return err
		}
	}
	s.setRefreshCookie(c, "", time.Time{})
	// The browser's HTTP cache may hold the user's answers (order reads are
	// "private, no-cache"): signing out clears it, as the PWA clears its own.
	c.Set("Clear-Site-Data", `"cache"`)
	return c.SendStatus(fiber.StatusNoContent)
}
