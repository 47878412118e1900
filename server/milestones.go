package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

type milestoneDTO struct {
	ID           int64   `json:"id"`
	Position     int     `json:"position"`
	Code         string  `json:"code"`
	Name         string  `json:"name"`
	NameEn       string  `json:"name_en"`
	QuantityKind string  `json:"quantity_kind"`
	SampleType   string  `json:"sample_type"`
	PlannedDate  string  `json:"planned_date"`
	BaselineDate string  `json:"baseline_date"`
	ActualDate   *string `json:"actual_date"`
	QuantityDone int     `json:"quantity_done"`
	Status       string  `json:"status"`
	Overdue      bool    `json:"overdue"`
	DueSoon      bool    `json:"due_soon"`
	PlannedLate  bool    `json:"planned_late"`
	// Actions are what the caller may do to the step now (see actions.go).
	Actions []string `json:"actions"`
}

// planView renders the steps of one order: what is late is judged on
// the order supplier's today, what the caller may do on the order's status.
type planView struct {
	p           *Principal
	orderStatus string
	today       string
}

// newPlanView prepares the rendering of an order's steps for the caller.
func (s *Server) newPlanView(c *fiber.Ctx, o *models.Order) (planView, error) {
	sups, err := s.store.SupplierNames(c.UserContext(), []int64{o.SupplierID})
	if err != nil {
		return planView{}, err
	}
	sp := sups[o.SupplierID]
	return planView{p: principalOf(c), orderStatus: o.Status, today: models.SupplierToday(s.clock.Now(), &sp)}, nil
}

func (v planView) dto(m *models.Milestone) milestoneDTO {
	due := models.MilestoneDue(m, v.orderStatus, v.today)
	return milestoneDTO{ID: m.ID, Position: m.Position, Code: m.Code, Name: m.Name, NameEn: m.NameEn,
		QuantityKind: m.QuantityKind, SampleType: m.SampleType, PlannedDate: m.PlannedDate, BaselineDate: m.BaselineDate,
		ActualDate: m.ActualDate, QuantityDone: m.QuantityDone, Status: m.Status, Overdue: due.Overdue, DueSoon: due.DueSoon, PlannedLate: m.PlannedLate,
		Actions: milestoneActions(v.p, v.orderStatus, m)}
}

// milestoneDTO renders one step after a write, with its order as it is now.
func (s *Server) milestoneDTO(c *fiber.Ctx, m *models.Milestone) (milestoneDTO, error) {
	o, err := s.store.GetOrder(c.UserContext(), m.OrderID, models.Scope{})
	if err != nil {
		return milestoneDTO{}, err
	}
	v, err := s.newPlanView(c, o)
	if err != nil {
		return milestoneDTO{}, err
	}
	return v.dto(m), nil
}

// listMilestones answers an order's plan in one lean read.
func (s *Server) listMilestones(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	st, h, ms, err := s.store.GetPlanAs(c.UserContext(), id, callerID(c))
	if err != nil {
		return err
	}
	p, err := s.admitRead(c, st)
	if err != nil {
		return err
	}
	if h == nil {
		return models.ErrNotFound
	}
	v := planView{p: p, orderStatus: h.Status, today: models.TodayIn(s.clock.Now(), h.SupplierTimeZone)}
	return sendBuilt(c, fiber.StatusOK, func(b []byte) []byte {
		return v.appendMilestoneList(b, ms, h.TotalQuantity, h.TolerancePct, h.Unit)
	})
}

func (s *Server) patchMilestone(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req struct {
		PlannedDate string `json:"planned_date"`
		Force       bool   `json:"force"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	m, err := s.store.RescheduleMilestone(c.UserContext(), id, req.PlannedDate, req.Force, principalOf(c).UserID)
	return s.sendMilestone(c, m, err)
}

// sendMilestone answers a milestone the store returned (or its error), as
// sendOrder does for orders.
func (s *Server) sendMilestone(c *fiber.Ctx, m *models.Milestone, err error) error {
	if err != nil {
		return err
	}
	d, err := s.milestoneDTO(c, m)
	if err != nil {
		return err
	}
	return c.JSON(d)
}

// completeMilestone: staff mark a step done on a date.
func (s *Server) completeMilestone(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req struct {
		Date   string `json:"date"`
		Reason string `json:"reason"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	m, err := s.store.CompleteMilestone(c.UserContext(), id, req.Date, req.Reason, principalOf(c).UserID)
	return s.sendMilestone(c, m, err)
}

// skipMilestone: staff mark a step not applicable, with a reason.
func (s *Server) skipMilestone(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	m, err := s.store.SkipMilestone(c.UserContext(), id, req.Reason, principalOf(c).UserID)
	return s.sendMilestone(c, m, err)
}

// correctReport: staff correct a factory's report; answers the correcting
// report.
func (s *Server) correctReport(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req struct {
		Quantity *int   `json:"quantity"`
		Reason   string `json:"reason"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	rep, m, err := s.store.CorrectReport(c.UserContext(), id, req.Quantity, req.Reason, principalOf(c).UserID)
	if err != nil {
		return err
	}
	names, err := s.store.UserNames(c.UserContext(), []int64{rep.ReportedBy})
	if err != nil {
		return err
	}
	md, err := s.milestoneDTO(c, m)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(reportDTO{ID: rep.ID, MilestoneID: rep.MilestoneID, ReportedBy: names[rep.ReportedBy],
		Date: rep.ReportDate, Quantity: rep.Quantity, Note: rep.Note, Done: rep.Done, Photos: []photoRef{}, CreatedAt: rep.CreatedAt, Milestone: md})
}

type photoRef struct {
	ID     int64     `json:"id"`
	Width  int       `json:"width"`
	Height int       `json:"height"`
	URLs   photoURLs `json:"urls"`
}

// photosOf returns the photos attached to owners of a kind, by owner id,
// with signed URLs for the caller.
func (s *Server) photosOf(c *fiber.Ctx, kind string, ids []int64) (map[int64][]photoRef, error) {
	out := map[int64][]photoRef{}
	if len(ids) == 0 {
		return out, nil
	}
	phs, err := s.store.ListPhotos(c.UserContext(), kind, ids...)
	if err != nil {
		return nil, err
	}
	p := principalOf(c)
	for i := range phs {
		ph := &phs[i]
		if !canSeePhoto(p, ph) {
			continue
		}
		out[*ph.OwnerID] = append(out[*ph.OwnerID], photoRef{ID: ph.ID, Width: ph.Width, Height: ph.Height, URLs: s.photoURLsFor(p, ph.ID)})
	}
	return out, nil
}

type reportDTO struct {
	ID          int64        `json:"id"`
	MilestoneID int64        `json:"milestone_id"`
	ReportedBy  string       `json:"reported_by"`
	Date        string       `json:"date"`
	Quantity    *int         `json:"quantity"`
	Note        string       `json:"note"`
	Done        bool         `json:"done"`
	Photos      []photoRef   `json:"photos"`
	CreatedAt   time.Time    `json:"created_at"`
	Milestone   milestoneDTO `json:"milestone"`
	// Warnings: only in the answer to a new report (material_not_ready).
	Warnings []models.ReportWarning `json:"warnings,omitempty"`
}

type reportRequest struct {
	Date     string  `json:"date"`
	Quantity *int    `json:"quantity"`
	Note     string  `json:"note"`
	Done     bool    `json:"done"`
	PhotoIDs []int64 `json:"photo_ids"`
	Reason   string  `json:"reason"`
}

// createReport records the factory's progress on a milestone.
func (s *Server) createReport(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req reportRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p := principalOf(c)
	rep, m, err := s.store.CreateReport(c.UserContext(), id, models.ReportInput{Date: req.Date, Quantity: req.Quantity,
		Note: req.Note, Done: req.Done, PhotoIDs: req.PhotoIDs, Reason: req.Reason}, models.Uploader{UserID: p.UserID, SupplierID: p.SupplierID}, scopeOf(p))
	if err != nil {
		return err
	}
	photos, err := s.photosOf(c, "progress_report", []int64{rep.ID})
	if err != nil {
		return err
	}
	names, err := s.store.UserNames(c.UserContext(), []int64{rep.ReportedBy})
	if err != nil {
		return err
	}
	md, err := s.milestoneDTO(c, m)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(reportDTO{ID: rep.ID, MilestoneID: rep.MilestoneID, ReportedBy: names[rep.ReportedBy],
		Date: rep.ReportDate, Quantity: rep.Quantity, Note: rep.Note, Done: rep.Done, Photos: nonNil(photos[rep.ID]),
		CreatedAt: rep.CreatedAt, Milestone: md, Warnings: rep.Warnings})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (s *Server) listReports(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	sc := scopeOf(principalOf(c))
	m, o, err := s.store.GetMilestone(c.UserContext(), id, sc)
	if err != nil {
		return err
	}
	reps, err := s.store.ListReports(c.UserContext(), m.ID, sc)
	if err != nil {
		return err
	}
	ids, users := make([]int64, len(reps)), make([]int64, len(reps))
	for i, r := range reps {
		ids[i], users[i] = r.ID, r.ReportedBy
	}
	photos, err := s.photosOf(c, "progress_report", ids)
	if err != nil {
		return err
	}
	names, err := s.store.UserNames(c.UserContext(), users)
	if err != nil {
		return err
	}
	v, err := s.newPlanView(c, o)
	if err != nil {
		return err
	}
	md := v.dto(m)
	out := make([]reportDTO, len(reps))
	for i, r := range reps {
		out[i] = reportDTO{ID: r.ID, MilestoneID: r.MilestoneID, ReportedBy: names[r.ReportedBy], Date: r.ReportDate,
			Quantity: r.Quantity, Note: r.Note, Done: r.Done, Photos: nonNil(photos[r.ID]), CreatedAt: r.CreatedAt, Milestone: md}
	}
	return c.JSON(listOf(out, ""))
}
