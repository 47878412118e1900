package server

import (
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

type sampleTypeDTO struct {
	ID       int64  `json:"id"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	NameEn   string `json:"name_en"`
	Position int    `json:"position"`
	Active   bool   `json:"active"`
}

func sampleTypeView(t *models.SampleType) sampleTypeDTO {
	return sampleTypeDTO{ID: t.ID, Code: t.Code, Name: t.Name, NameEn: t.NameEn, Position: t.Position, Active: t.Active}
}

func (s *Server) listSampleTypes(c *fiber.Ctx) error {
	ts, err := s.store.ListSampleTypes(c.UserContext(), !c.QueryBool("all", false))
	if err != nil {
		return err
	}
	out := make([]sampleTypeDTO, len(ts))
	for i := range ts {
		out[i] = sampleTypeView(&ts[i])
	}
	return c.JSON(listOf(out, ""))
}

func (s *Server) createSampleType(c *fiber.Ctx) error {
	var req struct {
		Code     string `json:"code"`
		Name     string `json:"name"`
		NameEn   string `json:"name_en"`
		Position int    `json:"position"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	t := &models.SampleType{Code: req.Code, Name: req.Name, NameEn: req.NameEn, Position: req.Position, Active: true}
	if err := s.store.CreateSampleType(c.UserContext(), t); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(sampleTypeView(t))
}

type sampleDecisionDTO struct {
	Status      string    `json:"status"`
	DecidedBy   string    `json:"decided_by"`
	DecidedAt   time.Time `json:"decided_at"`
	Comment     string    `json:"comment"`
	Annotations rawJSON   `json:"annotations"`
}

type sampleDTO struct {
	ID           int64              `json:"id"`
	OrderID      int64              `json:"order_id"`
	Type         string             `json:"type"`
	TypeName     string             `json:"type_name"`
	TypeNameEn   string             `json:"type_name_en"`
	Round        int                `json:"round"`
	Status       string             `json:"status"`
	Note         string             `json:"note"`
	Measurements string             `json:"measurements"`
	SubmittedBy  string             `json:"submitted_by"`
	CreatedAt    time.Time          `json:"created_at"`
	Photos       []photoRef         `json:"photos"`
	Decision     *sampleDecisionDTO `json:"decision"`
	// CAPA is the corrective action of a rejected round (after-sales).
	CAPA *capaRef `json:"capa"`
	// Actions are what the caller may do to the round now (see actions.go).
	Actions []string `json:"actions"`
}

// roundContexts describes the rounds' orders for their actions: from the
// order and every round of it (as listSamples has them).
func roundContexts(o *models.Order, rs []models.SampleRound) map[int64]*roundContext {
	rc := &roundContext{orderStatus: o.Status, latest: map[string]int{}}
	for _, r := range rs {
		if r.RoundNo > rc.latest[r.SampleType] {
			rc.latest[r.SampleType] = r.RoundNo
		}
	}
	return map[int64]*roundContext{o.ID: rc}
}

// sampleDTOs renders rounds with their photos, names, decisions and the
// caller's actions; rcs gives each order's round context (nil where a
// factory user cannot be resubmitting, see sampleActions).
func (s *Server) sampleDTOs(c *fiber.Ctx, rs []models.SampleRound, rcs map[int64]*roundContext) ([]sampleDTO, error) {
	ids := make([]int64, 0, len(rs))
	users := make([]int64, 0, 2*len(rs))
	for _, r := range rs {
		ids = append(ids, r.ID)
		users = append(users, r.SubmittedBy)
		if r.DecidedBy != nil {
			users = append(users, *r.DecidedBy)
		}
	}
	photos, err := s.photosOf(c, models.SampleRoundPhotoKind, ids)
	if err != nil {
		return nil, err
	}
	names, err := s.store.UserNames(c.UserContext(), users)
	if err != nil {
		return nil, err
	}
	types, err := s.sampleTypeNames(c)
	if err != nil {
		return nil, err
	}
	caps, err := s.store.CAPAsBySource(c.UserContext(), models.CAPASourceSample, ids)
	if err != nil {
		return nil, err
	}
	p := principalOf(c)
	out := make([]sampleDTO, len(rs))
	for i, r := range rs {
		t := types[r.SampleType]
		d := sampleDTO{ID: r.ID, OrderID: r.OrderID, Type: r.SampleType, TypeName: t.Name, TypeNameEn: t.NameEn,
			Round: r.RoundNo, Status: r.Status, Note: r.Note, Measurements: r.Measurements,
			SubmittedBy: names[r.SubmittedBy], CreatedAt: r.CreatedAt, Photos: nonNil(photos[r.ID]),
			Actions: sampleActions(p, &r, rcs[r.OrderID]), CAPA: capaLink(p, caps, r.ID)}
		if isStaff(p) && d.CAPA == nil && r.Status == models.SampleRejected {
			d.Actions = append(d.Actions, actionOpenCAPA)
		}
		if r.Status != models.SamplePending && r.DecidedAt != nil {
			dec := &sampleDecisionDTO{Status: r.Status, DecidedAt: *r.DecidedAt, Comment: r.DecisionComment, Annotations: rawJSON(r.Annotations)}
			if r.Annotations == "" {
				dec.Annotations = "[]"
			}
			if r.DecidedBy != nil {
				dec.DecidedBy = names[*r.DecidedBy]
			}
			d.Decision = dec
		}
		out[i] = d
	}
	return out, nil
}

func (s *Server) sampleTypeNames(c *fiber.Ctx) (map[string]models.SampleType, error) {
	ts, err := s.store.ListSampleTypes(c.UserContext(), false)
	if err != nil {
		return nil, err
	}
	out := make(map[string]models.SampleType, len(ts))
	for _, t := range ts {
		out[t.Code] = t
	}
	return out, nil
}

type sampleRequest struct {
	Type         string  `json:"type"`
	Note         string  `json:"note"`
	Measurements string  `json:"measurements"`
	PhotoIDs     []int64 `json:"photo_ids"`
}

// submitSample records a round: the factory of the order's supplier, or staff.
func (s *Server) submitSample(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req sampleRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p := principalOf(c)
	r, err := s.store.SubmitSample(c.UserContext(), id, models.SampleInput{Type: req.Type, Note: req.Note,
		Measurements: req.Measurements, PhotoIDs: req.PhotoIDs}, models.Uploader{UserID: p.UserID, SupplierID: p.SupplierID}, scopeOf(p))
	if err != nil {
		return err
	}
	// A new round is pending: no resubmit to offer, no context needed.
	out, err := s.sampleDTOs(c, []models.SampleRound{*r}, nil)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out[0])
}

type sampleGroupDTO struct {
	Type   string      `json:"type"`
	Name   string      `json:"name"`
	NameEn string      `json:"name_en"`
	Rounds []sampleDTO `json:"rounds"`
}

// listSamples returns a page of an order's rounds (newest first) grouped by
// type (in the types' order), newest round first within a type. A type's
// rounds may go on in the next page's group of the same type.
func (s *Server) listSamples(c *fiber.Ctx) error {
	o, err := s.visibleOrder(c)
	if err != nil {
		return err
	}
	pg, err := page(c)
	if err != nil {
		return err
	}
	sc := scopeOf(principalOf(c))
	rs, next, err := s.store.ListSampleRoundsPage(c.UserContext(), o.ID, sc, pg)
	if err != nil {
		return err
	}
	latest, err := s.store.LatestSampleRounds(c.UserContext(), o.ID, sc)
	if err != nil {
		return err
	}
	rcs := map[int64]*roundContext{o.ID: {orderStatus: o.Status, latest: latest}}
	dtos, err := s.sampleDTOs(c, rs, rcs)
	if err != nil {
		return err
	}
	ts, err := s.store.ListSampleTypes(c.UserContext(), false)
	if err != nil {
		return err
	}
	byType := map[string][]sampleDTO{}
	for _, d := range dtos {
		byType[d.Type] = append(byType[d.Type], d)
	}
	groups := []sampleGroupDTO{}
	for _, t := range ts {
		if rounds := byType[t.Code]; len(rounds) > 0 {
			groups = append(groups, sampleGroupDTO{Type: t.Code, Name: t.Name, NameEn: t.NameEn, Rounds: rounds})
			delete(byType, t.Code)
		}
	}
	for _, d := range dtos { // rounds of a type that no longer exists
		if rounds := byType[d.Type]; len(rounds) > 0 {
			groups = append(groups, sampleGroupDTO{Type: d.Type, Rounds: rounds})
			delete(byType, d.Type)
		}
	}
	return c.JSON(fiber.Map{"items": groups, "next_cursor": next})
}

func (s *Server) getSample(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	r, o, err := s.store.GetSampleRound(c.UserContext(), id, scopeOf(principalOf(c)))
	if err != nil {
		return err
	}
	var rcs map[int64]*roundContext
	if principalOf(c).IsFactory() && models.SampleCan(r.Status, models.SampleResubmit) {
		all, err := s.store.ListSampleRounds(c.UserContext(), o.ID, scopeOf(principalOf(c)))
		if err != nil {
			return err
		}
		rcs = roundContexts(o, all)
	}
	out, err := s.sampleDTOs(c, []models.SampleRound{*r}, rcs)
	if err != nil {
		return err
	}
	return c.JSON(out[0])
}

// decideSample is the merchandiser's decision. A factory user learns nothing
// about another supplier's round (404) and may not decide its own (403).
func (s *Server) decideSample(status string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := paramID(c, "id")
		if err != nil {
			return err
		}
		p := principalOf(c)
		if p.IsFactory() {
			if _, _, err := s.store.GetSampleRound(c.UserContext(), id, scopeOf(p)); err != nil {
				return err
			}
			return errForbidden
		}
		var req struct {
			Comment     string          `json:"comment"`
			Annotations json.RawMessage `json:"annotations"`
		}
		if len(c.Body()) > 0 {
			if err := bindJSON(c, &req); err != nil {
				return err
			}
		}
		r, err := s.store.DecideSample(c.UserContext(), id, models.Decision{Status: status, Comment: req.Comment, Annotations: req.Annotations}, p.UserID)
		if err != nil {
			return err
		}
		// Only staff get here: their actions need no round context.
		out, err := s.sampleDTOs(c, []models.SampleRound{*r}, nil)
		if err != nil {
			return err
		}
		return c.JSON(out[0])
	}
}

type approvalDTO struct {
	sampleDTO
	PONumber       string `json:"po_number"`
	StyleNo        string `json:"style_no"`
	StyleName      string `json:"style_name"`
	WaitingSeconds int64  `json:"waiting_seconds"`
}

type approvalCountDTO struct {
	Type   string `json:"type"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
	Count  int    `json:"count"`
}

// listApprovals is the queue of pending rounds, oldest first: a
// merchandiser's own orders (every order with ?all=true, to stand in for a
// colleague), or every order for an admin.
func (s *Server) listApprovals(c *fiber.Ctx) error {
	p := principalOf(c)
	var mid *int64
	if p.Role != models.RoleAdmin && !c.QueryBool("all") {
		mid = &p.UserID
	}
	pg, err := page(c)
	if err != nil {
		return err
	}
	rows, next, err := s.store.ListPendingSamples(c.UserContext(), mid, pg)
	if err != nil {
		return err
	}
	counts, err := s.store.CountPendingSamples(c.UserContext(), mid)
	if err != nil {
		return err
	}
	rs := make([]models.SampleRound, len(rows))
	for i := range rows {
		rs[i] = rows[i].SampleRound
	}
	// The queue is staff only: their actions need no round context.
	dtos, err := s.sampleDTOs(c, rs, nil)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	items := make([]approvalDTO, len(rows))
	for i, r := range rows {
		wait := int64(now.Sub(r.CreatedAt) / time.Second)
		if wait < 0 {
			wait = 0
		}
		items[i] = approvalDTO{sampleDTO: dtos[i], PONumber: r.PONumber, StyleNo: r.StyleNo, StyleName: r.StyleName, WaitingSeconds: wait}
	}
	ts, err := s.store.ListSampleTypes(c.UserContext(), false)
	if err != nil {
		return err
	}
	countList := []approvalCountDTO{}
	for _, t := range ts {
		if n := counts[t.Code]; n > 0 {
			countList = append(countList, approvalCountDTO{Type: t.Code, Name: t.Name, NameEn: t.NameEn, Count: n})
			delete(counts, t.Code)
		}
	}
	total := 0
	for _, n := range countList {
		total += n.Count
	}
	for code, n := range counts {
		countList = append(countList, approvalCountDTO{Type: code, Count: n})
		total += n
	}
	return c.JSON(fiber.Map{"items": items, "counts": countList, "total": total, "next_cursor": next})
}
