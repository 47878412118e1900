package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

type createUserRequest struct {
	Name        string  `json:"name"`
	Email       string  `json:"email"`
	Phone       string  `json:"phone"`
	Password    string  `json:"password"`
	Role        string  `json:"role"`
	SupplierID  *int64  `json:"supplier_id"`
	SupplierIDs []int64 `json:"supplier_ids"`
	Locale      string  `json:"locale"`
}

type patchUserRequest struct {
	Name        *string  `json:"name"`
	Locale      *string  `json:"locale"`
	Role        *string  `json:"role"`
	SupplierID  *int64   `json:"supplier_id"`
	SupplierIDs *[]int64 `json:"supplier_ids"`
	Active      *bool    `json:"active"`
	Password    *string  `json:"password"`
}

func (s *Server) listUsers(c *fiber.Ctx) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	f := models.UserFilter{Page: pg, Role: models.Role(c.Query("role")), Query: c.Query("q")}
	if f.Role != "" && !f.Role.Valid() {
		return models.Invalid("role", "one_of", "allowed", models.RolesAllowed)
	}
	if sid := c.Query("supplier_id"); sid != "" {
		id, err := strconv.ParseInt(sid, 10, 64)
		if err != nil {
			return models.Invalid("supplier_id", "not_an_id")
		}
		f.SupplierID = &id
	}
	rows, next, err := s.store.ListUsers(c.UserContext(), f)
	if err != nil {
		return err
	}
	out := make([]userDTO, len(rows))
	for i := range rows {
		out[i] = toUserDTO(&rows[i])
	}
	return c.JSON(listOf(out, next))
}

func (s *Server) createUser(c *fiber.Ctx) error {
	var req createUserRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	u, err := s.store.CreateUser(c.UserContext(), models.NewUser{Name: req.Name, Email: req.Email, Phone: req.Phone,
		Password: req.Password, Role: models.Role(req.Role), SupplierID: req.SupplierID, SupplierIDs: req.SupplierIDs, Locale: req.Locale})
	if err != nil {
		return err
	}
	p := principalOf(c)
	if err := s.audit(c, models.AuditEvent{Action: models.AuditUserCreated, ActorID: &p.UserID,
		TargetType: "user", TargetID: &u.ID, IP: c.IP()}); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(toUserDTO(u))
}

// patchUser lets an admin change role, supplier, active and reset the
// password. An admin cannot disable or demote themselves, so the last admin
// cannot lock everyone out by accident.
func (s *Server) patchUser(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req patchUserRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p := principalOf(c)
	if id == p.UserID {
		if req.Active != nil && !*req.Active {
			return models.Invalid("active", "cannot_disable_self")
		}
		if req.Role != nil && models.Role(*req.Role) != models.RoleAdmin {
			return models.Invalid("role", "cannot_remove_own_admin")
		}
	}
	patch := models.UserPatch{Name: req.Name, Locale: req.Locale, SupplierID: req.SupplierID, SupplierIDs: req.SupplierIDs, Active: req.Active}
	if req.Role != nil {
		r := models.Role(*req.Role)
		patch.Role = &r
	}
	ctx := c.UserContext()
	if _, err := s.store.GetUser(ctx, id); err != nil {
		return err
	}
	if req.Password != nil {
		if problem := models.CheckPasswordPolicy(*req.Password); problem != nil {
			return &models.ValidationError{Fields: map[string]models.FieldError{"password": *problem}}
		}
	}
	u, err := s.store.UpdateUser(ctx, id, patch)
	if err != nil {
		return err
	}
	if req.Password != nil {
		if u, err = s.store.SetPassword(ctx, id, *req.Password); err != nil {
			return err
		}
	}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditUserUpdated, ActorID: &p.UserID,
		TargetType: "user", TargetID: &id, IP: c.IP()}); err != nil {
		return err
	}
	return c.JSON(toUserDTO(u))
}
