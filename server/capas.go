package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// capaRoutes are the routes of corrective and preventive actions (docs/AFTERSALES.md).
func (s *Server) capaRoutes() []route {
	return []route{
		{"POST", "/api/v1/capas", staff, jsonLimit, s.createCAPA},
		{"GET", "/api/v1/capas", signedIn, 0, s.listCAPAs},
		{"GET", "/api/v1/capas/:id", signedIn, 0, s.getCAPA},
		{"PATCH", "/api/v1/capas/:id", signedIn, jsonLimit, s.patchCAPA},
		{"POST", "/api/v1/capas/:id/complete", signedIn, jsonLimit, s.completeCAPA},
		{"POST", "/api/v1/capas/:id/verify", staff, jsonLimit, s.verifyCAPA},
		{"POST", "/api/v1/capas/:id/reopen", staff, jsonLimit, s.reopenCAPA},
		{"GET", "/api/v1/orders/:id/capas", signedIn, 0, s.orderCAPAs},
	}
}

// actionOpenCAPA is the action of a failed inspection or a rejected sample
// round without a CAPA: staff may open one (POST /api/v1/capas).
const actionOpenCAPA = "open_capa"

// capaLink is a source's CAPA as the caller may see it: staff any, a
// factory its own supplier's, an inspector none.
func capaLink(p *Principal, caps map[int64]models.CAPA, sourceID int64) *capaRef {
	cp, ok := caps[sourceID]
	if !ok || !(isStaff(p) || p.IsFactory() && p.SupplierID != nil && *p.SupplierID == cp.SupplierID) {
		return nil
	}
	return &capaRef{ID: cp.ID, Status: cp.Status}
}

type capaDTO struct {
	ID               int64      `json:"id"`
	OrderID          int64      `json:"order_id"`
	OrderPONumber    string     `json:"order_po_number"`
	StyleNo          string     `json:"style_no"`
	SupplierID       int64      `json:"supplier_id"`
	SourceKind       string     `json:"source_kind"`
	SourceID         int64      `json:"source_id"`
	Problem          string     `json:"problem"`
	Containment      string     `json:"containment"`
	RootCause        string     `json:"root_cause"`
	CauseCategory    string     `json:"cause_category"`
	CorrectiveAction string     `json:"corrective_action"`
	PreventiveAction string     `json:"preventive_action"`
	Owner            string     `json:"owner"`
	DueDate          string     `json:"due_date"`
	Status           string     `json:"status"`
	OverdueDays      int        `json:"overdue_days"`
	DoneBy           *userRef   `json:"done_by"`
	DoneAt           *time.Time `json:"done_at"`
	VerifiedBy       *userRef   `json:"verified_by"`
	VerifiedAt       *time.Time `json:"verified_at"`
	VerifyNote       string     `json:"verify_note"`
	Photos           []photoRef `json:"photos"`
	CreatedBy        *userRef   `json:"created_by"`
	CreatedAt        time.Time  `json:"created_at"`
	UpdatedAt        time.Time  `json:"updated_at"`
	Actions          []string   `json:"actions"`
}

// capaActions are the caller's side's actions now: both sides edit an open
// CAPA, the factory completes it, staff verify or reopen it.
func capaActions(p *Principal, r *models.CAPA) []string {
	out := []string{}
	for _, a := range models.CAPAActions {
		if !models.CAPACan(r.Status, a) {
			continue
		}
		switch {
		case a == models.CAPAEdit,
			a == models.CAPAComplete && p.IsFactory(),
			(a == models.CAPAVerify || a == models.CAPAReopen) && isStaff(p):
			out = append(out, string(a))
		}
	}
	return out
}

func (s *Server) capaDTOs(c *fiber.Ctx, rows []models.CAPA) ([]capaDTO, error) {
	ctx := c.UserContext()
	var ids, orderIDs, sups, users []int64
	for _, r := range rows {
		ids, orderIDs, sups = append(ids, r.ID), append(orderIDs, r.OrderID), append(sups, r.SupplierID)
		users = append(users, r.CreatedBy)
		for _, u := range []*int64{r.DoneBy, r.VerifiedBy} {
			if u != nil {
				users = append(users, *u)
			}
		}
	}
	heads, err := s.store.OrderTitles(ctx, orderIDs)
	if err != nil {
		return nil, err
	}
	names, err := s.store.UserNames(ctx, users)
	if err != nil {
		return nil, err
	}
	photos, err := s.photosOf(c, models.CAPAPhotoKind, ids)
	if err != nil {
		return nil, err
	}
	zones, err := s.supplierZones(c, sups)
	if err != nil {
		return nil, err
	}
	ref := refsTo(names)
	p := principalOf(c)
	now := s.clock.Now()
	out := make([]capaDTO, len(rows))
	for i := range rows {
		r := &rows[i]
		ph := photos[r.ID]
		if ph == nil {
			ph = []photoRef{}
		}
		out[i] = capaDTO{ID: r.ID, OrderID: r.OrderID, OrderPONumber: heads[r.OrderID].PONumber, StyleNo: heads[r.OrderID].StyleNo,
			SupplierID: r.SupplierID, SourceKind: r.SourceKind, SourceID: r.SourceID, Problem: r.Problem, Containment: r.Containment,
			RootCause: r.RootCause, CauseCategory: r.CauseCategory, CorrectiveAction: r.CorrectiveAction,
			PreventiveAction: r.PreventiveAction, Owner: r.Owner, DueDate: r.DueDate, Status: r.Status,
			OverdueDays: models.CAPAOverdueDays(r, zones[r.SupplierID], now), DoneBy: ref(r.DoneBy), DoneAt: r.DoneAt,
			VerifiedBy: ref(r.VerifiedBy), VerifiedAt: r.VerifiedAt, VerifyNote: r.VerifyNote, Photos: ph,
			CreatedBy: ref(&r.CreatedBy), CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Actions: capaActions(p, r)}
	}
	return out, nil
}

func (s *Server) sendCAPA(c *fiber.Ctx, status int, r *models.CAPA, err error) error {
	if err != nil {
		return err
	}
	out, err := s.capaDTOs(c, []models.CAPA{*r})
	if err != nil {
		return err
	}
	return c.Status(status).JSON(out[0])
}

func (s *Server) createCAPA(c *fiber.Ctx) error {
	var req struct {
		SourceKind string `json:"source_kind"`
		SourceID   int64  `json:"source_id"`
		Problem    string `json:"problem"`
		DueDate    string `json:"due_date"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p := principalOf(c)
	r, err := s.store.CreateCAPA(c.UserContext(), models.CAPAInput{SourceKind: req.SourceKind, SourceID: req.SourceID,
		Problem: req.Problem, DueDate: req.DueDate}, inspectorOf(p), scopeOf(p))
	return s.sendCAPA(c, fiber.StatusCreated, r, err)
}

func (s *Server) listCAPAs(c *fiber.Ctx) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	f := models.CAPAFilter{Page: pg, Scope: scopeOf(principalOf(c)), Status: c.Query("status")}
	switch c.Query("overdue") {
	case "", "0":
	case "1":
		f.Overdue = true
	default:
		return models.Invalid("overdue", "one_of", "allowed", "0, 1")
	}
	if f.OrderID, err = optQueryID(c, "order_id"); err != nil {
		return err
	}
	rows, next, err := s.store.ListCAPAs(c.UserContext(), f)
	if err != nil {
		return err
	}
	out, err := s.capaDTOs(c, rows)
	if err != nil {
		return err
	}
	return c.JSON(listOf(out, next))
}

func (s *Server) getCAPA(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	r, err := s.store.GetCAPA(c.UserContext(), id, scopeOf(principalOf(c)))
	return s.sendCAPA(c, fiber.StatusOK, r, err)
}

func (s *Server) patchCAPA(c *fiber.Ctx) error {
	var req struct {
		Containment      *string `json:"containment"`
		RootCause        *string `json:"root_cause"`
		CauseCategory    *string `json:"cause_category"`
		CorrectiveAction *string `json:"corrective_action"`
		PreventiveAction *string `json:"preventive_action"`
		Owner            *string `json:"owner"`
		DueDate          *string `json:"due_date"`
		PhotoIDs         []int64 `json:"photo_ids"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	r, err := s.store.UpdateCAPA(c.UserContext(), id, models.CAPAPatch{Containment: req.Containment, RootCause: req.RootCause,
		CauseCategory: req.CauseCategory, CorrectiveAction: req.CorrectiveAction, PreventiveAction: req.PreventiveAction,
		Owner: req.Owner, DueDate: req.DueDate, PhotoIDs: req.PhotoIDs}, inspectorOf(p), scopeOf(p))
	return s.sendCAPA(c, fiber.StatusOK, r, err)
}

func (s *Server) completeCAPA(c *fiber.Ctx) error {
	var req struct{}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	r, err := s.store.CompleteCAPA(c.UserContext(), id, inspectorOf(p), scopeOf(p))
	return s.sendCAPA(c, fiber.StatusOK, r, err)
}

type capaNoteRequest struct {
	Note string `json:"note"`
}

func (s *Server) verifyCAPA(c *fiber.Ctx) error {
	var req capaNoteRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	r, err := s.store.VerifyCAPA(c.UserContext(), id, req.Note, inspectorOf(p), scopeOf(p))
	return s.sendCAPA(c, fiber.StatusOK, r, err)
}

func (s *Server) reopenCAPA(c *fiber.Ctx) error {
	var req capaNoteRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	r, err := s.store.ReopenCAPA(c.UserContext(), id, req.Note, inspectorOf(p), scopeOf(p))
	return s.sendCAPA(c, fiber.StatusOK, r, err)
}

// orderCAPAs answers an order's CAPAs and the unresolved ones of the same
// supplier and style on other orders.
func (s *Server) orderCAPAs(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	items, related, err := s.store.OrderCAPAs(c.UserContext(), id, scopeOf(principalOf(c)))
	if err != nil {
		return err
	}
	a, err := s.capaDTOs(c, items)
	if err != nil {
		return err
	}
	b, err := s.capaDTOs(c, related)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": a, "related": b})
}
