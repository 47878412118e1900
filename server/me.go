package server

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

type meResponse struct {
	userDTO
	Supplier *supplierBrief `json:"supplier,omitempty"`
}

type supplierBrief struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
}

func (s *Server) meBody(c *fiber.Ctx, u *models.User) (meResponse, error) {
	out := meResponse{userDTO: toUserDTO(u)}
	if u.SupplierID != nil {
		sp, err := s.store.GetSupplier(c.UserContext(), *u.SupplierID)
		if err != nil {
			return out, err
		}
		out.Supplier = &supplierBrief{ID: sp.ID, Code: sp.Code, Name: sp.Name, NameEn: sp.NameEn}
	}
	return out, nil
}

func (s *Server) getMe(c *fiber.Ctx) error {
	u, err := s.store.GetUser(c.UserContext(), principalOf(c).UserID)
	if err != nil {
		return err
	}
	body, err := s.meBody(c, u)
	if err != nil {
		return err
	}
	return c.JSON(body)
}

// patchMeRequest holds all a user may change about themselves; role and
// supplier are deliberately absent.
type patchMeRequest struct {
	Name            *string `json:"name"`
	Locale          *string `json:"locale"`
	CurrentPassword string  `json:"current_password"`
	NewPassword     string  `json:"new_password"`
}

// patchMe changes name and locale, and the password given the current one.
// A password change ends every session, this one included, so the answer
// carries a fresh access token and refresh cookie.
func (s *Server) patchMe(c *fiber.Ctx) error {
	var req patchMeRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	ctx := c.UserContext()
	p := principalOf(c)
	if req.NewPassword != "" && req.CurrentPassword == "" {
		return models.Invalid("current_password", "required")
	}
	if req.NewPassword != "" {
		// Check the password first: a wrong one changes nothing at all.
		if _, err := s.store.ChangePassword(ctx, p.UserID, req.CurrentPassword, req.NewPassword); err != nil {
			// The store names the field "password"; this form calls it new_password.
			var ve *models.ValidationError
			if errors.As(err, &ve) && ve.Fields["password"].Code != "" {
				return &models.ValidationError{Fields: map[string]models.FieldError{"new_password": ve.Fields["password"]}}
			}
			return err
		}
		if err := s.audit(c, models.AuditEvent{Action: models.AuditPasswordSet, ActorID: &p.UserID,
			TargetType: "user", TargetID: &p.UserID, IP: c.IP()}); err != nil {
			return err
		}
	}
	u, err := s.store.UpdateUser(ctx, p.UserID, models.UserPatch{Name: req.Name, Locale: req.Locale})
	if err != nil {
		return err
	}
	body, err := s.meBody(c, u)
	if err != nil {
		return err
	}
	if req.NewPassword == "" {
		return c.JSON(body)
	}
	rt, err := s.store.IssueRefreshToken(ctx, u.ID)
	if err != nil {
		return err
	}
	at, exp, err := s.tokens.Issue(u.ID, u.TokenVersion)
	if err != nil {
		return err
	}
	s.setRefreshCookie(c, rt, s.clock.Now().Add(models.RefreshTTL))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"user": body, "access_token": at, "token_type": "Bearer",
		"expires_in": int(exp.Sub(s.clock.Now()).Seconds())})
}
