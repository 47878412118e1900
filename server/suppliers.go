package server

import (
	"log/slog"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

type supplierRequest struct {
	Code         string  `json:"code"`
	Name         *string `json:"name"`
	NameEn       *string `json:"name_en"`
	ContactName  *string `json:"contact_name"`
	ContactPhone *string `json:"contact_phone"`
	ContactEmail *string `json:"contact_email"`
	Address      *string `json:"address"`
	Active       *bool   `json:"active"`
	TimeZone     *string `json:"time_zone"`
	// ReducedInspectionAllowed: the authority's consent to reduced inspection.
	ReducedInspectionAllowed *bool `json:"reduced_inspection_allowed"`
	// DaysOff and Holidays are the factory's working calendar.
	DaysOff  *[]int            `json:"days_off"`
	Holidays *[]models.Holiday `json:"holidays"`
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// listSuppliers: staff see every supplier; a factory user sees only its own.
func (s *Server) listSuppliers(c *fiber.Ctx) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	f := models.SupplierFilter{Page: pg, Query: c.Query("q")}
	if a := c.Query("active"); a != "" {
		b, err := strconv.ParseBool(a)
		if err != nil {
			return models.Invalid("active", "wrong_type", "type", "boolean")
		}
		f.Active = &b
	}
	if p := principalOf(c); p.IsFactory() {
		f.OnlyID = p.SupplierID
	}
	rows, next, err := s.store.ListSuppliers(c.UserContext(), f)
	if err != nil {
		return err
	}
	return c.JSON(listOf(rows, next))
}

func (s *Server) getSupplier(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if p := principalOf(c); p.IsFactory() && *p.SupplierID != id {
		return errNotFound
	}
	sp, err := s.store.GetSupplier(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(sp)
}

func (s *Server) createSupplier(c *fiber.Ctx) error {
	var req supplierRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	sp := &models.Supplier{Code: req.Code, Name: deref(req.Name), NameEn: deref(req.NameEn),
		ContactName: deref(req.ContactName), ContactPhone: deref(req.ContactPhone),
		ContactEmail: deref(req.ContactEmail), Address: deref(req.Address), TimeZone: deref(req.TimeZone), Active: true, DaysOff: []int{0}}
	if req.DaysOff != nil {
		sp.DaysOff = *req.DaysOff
	}
	if req.Holidays != nil {
		sp.Holidays = *req.Holidays
	}
	if req.Active != nil {
		sp.Active = *req.Active
	}
	if err := s.store.CreateSupplier(c.UserContext(), sp); err != nil {
		return err
	}
	s.auditSupplier(c, sp.ID)
	return c.Status(fiber.StatusCreated).JSON(sp)
}

func (s *Server) patchSupplier(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req supplierRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if req.Code != "" {
		return models.Invalid("code", "cannot_change")
	}
	sp, err := s.store.UpdateSupplier(c.UserContext(), id, models.SupplierPatch{Name: req.Name, NameEn: req.NameEn,
		ContactName: req.ContactName, ContactPhone: req.ContactPhone, ContactEmail: req.ContactEmail,
		Address: req.Address, Active: req.Active, TimeZone: req.TimeZone, ReducedInspectionAllowed: req.ReducedInspectionAllowed,
		DaysOff: req.DaysOff, Holidays: req.Holidays})
	if err != nil {
		return err
	}
	if err := s.auditSupplier(c, sp.ID); err != nil {
		return err
	}
	return c.JSON(sp)
}

func (s *Server) auditSupplier(c *fiber.Ctx, id int64) error {
	p := principalOf(c)
	return s.audit(c, models.AuditEvent{Action: models.AuditSupplierSaved, ActorID: &p.UserID,
		TargetType: "supplier", TargetID: &id, IP: c.IP()})
}

// audit records an audit event; a failed write is logged with the request
// id and returned, never dropped.
func (s *Server) audit(c *fiber.Ctx, e models.AuditEvent) error {
	err := s.store.RecordAudit(c.UserContext(), e)
	if err != nil {
		s.log.Error("audit write failed", slog.String("request_id", requestID(c)),
			slog.String("action", e.Action), slog.Any("err", err))
	}
	return err
}
