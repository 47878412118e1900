package server

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
	"gendan/models/aql"
)

type defectCodeDTO struct {
	ID       int64  `json:"id"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	NameEn   string `json:"name_en"`
	Severity string `json:"severity"`
	Position int    `json:"position"`
	Active   bool   `json:"active"`
}

func defectCodeView(d *models.DefectCode) defectCodeDTO {
	return defectCodeDTO{ID: d.ID, Code: d.Code, Name: d.Name, NameEn: d.NameEn, Severity: d.Severity, Position: d.Position, Active: d.Active}
}

func (s *Server) listDefectCodes(c *fiber.Ctx) error {
	ds, err := s.store.ListDefectCodes(c.UserContext(), !c.QueryBool("all", false))
	if err != nil {
		return err
	}
	out := make([]defectCodeDTO, len(ds))
	for i := range ds {
		out[i] = defectCodeView(&ds[i])
	}
	return c.JSON(listOf(out, ""))
}

func (s *Server) createDefectCode(c *fiber.Ctx) error {
	var req struct {
		Code     string `json:"code"`
		Name     string `json:"name"`
		NameEn   string `json:"name_en"`
		Severity string `json:"severity"`
		Position int    `json:"position"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	d := &models.DefectCode{Code: req.Code, Name: req.Name, NameEn: req.NameEn, Severity: req.Severity, Position: req.Position, Active: true}
	if err := s.store.CreateDefectCode(c.UserContext(), d); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(defectCodeView(d))
}

type userRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// refsTo makes user references from names looked up once (nil for no user).
func refsTo(names map[int64]string) func(*int64) *userRef {
	return func(id *int64) *userRef {
		if id == nil {
			return nil
		}
		return &userRef{ID: *id, Name: names[*id]}
	}
}

type planDTO struct {
	CodeLetter string `json:"code_letter"`
	PlanLetter string `json:"plan_letter"`
	AQL        string `json:"aql"`
	SampleSize int    `json:"sample_size"`
	Ac         int    `json:"ac"`
	Re         int    `json:"re"`
	Full       bool   `json:"full"`
}

type overrideDTO struct {
	Result string    `json:"result"`
	Reason string    `json:"reason"`
	By     *userRef  `json:"by"`
	At     time.Time `json:"at"`
}

type defectDTO struct {
	models.Defect
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
}

type measurementDTO struct {
	models.Measurement
	OutOfTolerance int `json:"out_of_tolerance"`
}

type inspectionDTO struct {
	ID               int64              `json:"id"`
	OrderID          int64              `json:"order_id"`
	PONumber         string             `json:"po_number"`
	StyleNo          string             `json:"style_no"`
	StyleName        string             `json:"style_name"`
	SupplierID       int64              `json:"supplier_id"`
	Type             string             `json:"type"`
	Status           string             `json:"status"`
	RequestedDate    string             `json:"requested_date"`
	Date             string             `json:"date"`
	DateChangeReason string             `json:"date_change_reason"`
	QuantityReady    int                `json:"quantity_ready"`
	Address          string             `json:"address"`
	Note             string             `json:"note"`
	SelfInspection   bool               `json:"self_inspection"`
	RequestedBy      *userRef           `json:"requested_by"`
	Inspector        *userRef           `json:"inspector"`
	ReinspectionOf   *int64             `json:"reinspection_of"`
	LotSize          int                `json:"lot_size"`
	Level            string             `json:"level"`
	Severity         string             `json:"severity"`
	AQL              map[string]string  `json:"aql"`
	Plans            map[string]planDTO `json:"plans"`
	SampleSize       int                `json:"sample_size"`
	TotalCartons     int                `json:"total_cartons"`
	CartonsToOpen    int                `json:"cartons_to_open"`
	CartonsOpened    *int               `json:"cartons_opened"`
	Defects          []defectDTO        `json:"defects"`
	Measurements     []measurementDTO   `json:"measurements"`
	Checks           []models.Check     `json:"checks"`
	PhotoIDs         []int64            `json:"photo_ids"`
	Photos           []photoRef         `json:"photos"`
	Found            map[string]int     `json:"found"`
	Result           *string            `json:"result"`
	ComputedResult   *string            `json:"computed_result"`
	Override         *overrideDTO       `json:"override"`
	CancelReason     string             `json:"cancel_reason"`
	CompletedAt      *time.Time         `json:"completed_at"`
	CompletedBy      *userRef           `json:"completed_by"`
	Switching        *aql.SwitchState   `json:"switching"`
	CreatedAt        time.Time          `json:"created_at"`
	// CAPA is the corrective action of a failed inspection (after-sales).
	CAPA    *capaRef `json:"capa"`
	Actions []string `json:"actions"`
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// inspectionContext is what an inspection's DTO needs beyond its row.
type inspectionContext struct {
	po, styleNo, styleName, orderStatus string
}

// inspectionDTOs renders inspections with names, photos and the caller's
// actions.
func (s *Server) inspectionDTOs(c *fiber.Ctx, rows []models.Inspection, ctxs map[int64]inspectionContext) ([]inspectionDTO, error) {
	var users, ids []int64
	for _, r := range rows {
		ids = append(ids, r.ID)
		users = append(users, r.RequestedBy)
		for _, u := range []*int64{r.InspectorID, r.CompletedBy, r.OverriddenBy} {
			if u != nil {
				users = append(users, *u)
			}
		}
	}
	names, err := s.store.UserNames(c.UserContext(), users)
	if err != nil {
		return nil, err
	}
	photos, err := s.photosOf(c, models.InspectionPhotoKind, ids)
	if err != nil {
		return nil, err
	}
	codes, err := s.store.ListDefectCodes(c.UserContext(), false)
	if err != nil {
		return nil, err
	}
	caps, err := s.store.CAPAsBySource(c.UserContext(), models.CAPASourceInspection, ids)
	if err != nil {
		return nil, err
	}
	codeNames := map[string]models.DefectCode{}
	for _, d := range codes {
		codeNames[d.Code] = d
	}
	ref := refsTo(names)
	p := principalOf(c)
	out := make([]inspectionDTO, len(rows))
	for i := range rows {
		r := &rows[i]
		cx := ctxs[r.OrderID]
		plans := r.PlansOf()
		f := r.FindingsOf()
		d := inspectionDTO{ID: r.ID, OrderID: r.OrderID, PONumber: cx.po, StyleNo: cx.styleNo, StyleName: cx.styleName,
			SupplierID: r.SupplierID, Type: r.Type, Status: r.Status, RequestedDate: r.RequestedDate, Date: r.Date,
			DateChangeReason: r.DateChangeReason, QuantityReady: r.QuantityReady, Address: r.Address, Note: r.Note,
			SelfInspection: r.SelfInspection, RequestedBy: ref(&r.RequestedBy), Inspector: ref(r.InspectorID),
			ReinspectionOf: r.ReinspectionOf, LotSize: r.LotSize, Level: r.Level, Severity: r.Severity,
			AQL:        map[string]string{models.SevCritical: r.AQLCritical, models.SevMajor: r.AQLMajor, models.SevMinor: r.AQLMinor},
			Plans:      map[string]planDTO{},
			SampleSize: r.SampleSize, TotalCartons: r.TotalCartons, CartonsToOpen: r.CartonsToOpen, CartonsOpened: r.CartonsOpened,
			Defects: []defectDTO{}, Measurements: []measurementDTO{}, Checks: nonNil(f.Checks), PhotoIDs: nonNil(f.PhotoIDs),
			Photos: nonNil(photos[r.ID]), Found: r.Found(), Result: strPtr(r.Result), ComputedResult: strPtr(r.ComputedResult),
			CancelReason: r.CancelReason, CompletedAt: r.CompletedAt, CompletedBy: ref(r.CompletedBy),
			Switching: r.SwitchingOf(), CreatedAt: r.CreatedAt}
		for sev, pl := range plans.Plans {
			d.Plans[sev] = planDTO{CodeLetter: pl.CodeLetter, PlanLetter: pl.PlanLetter, AQL: pl.AQL, SampleSize: pl.SampleSize,
				Ac: pl.Ac, Re: pl.Re, Full: pl.Full}
		}
		for _, x := range f.Defects {
			x.PhotoIDs = nonNil(x.PhotoIDs)
			dc := codeNames[x.Code]
			d.Defects = append(d.Defects, defectDTO{Defect: x, Name: dc.Name, NameEn: dc.NameEn})
		}
		for _, m := range f.Measurements {
			m.Values = nonNil(m.Values)
			d.Measurements = append(d.Measurements, measurementDTO{Measurement: m, OutOfTolerance: m.OutOfTolerance()})
		}
		for j := range d.Checks {
			d.Checks[j].PhotoIDs = nonNil(d.Checks[j].PhotoIDs)
		}
		if r.OverriddenAt != nil {
			d.Override = &overrideDTO{Result: r.Result, Reason: r.OverrideReason, By: ref(r.OverriddenBy), At: *r.OverriddenAt}
		}
		d.Actions = inspectionActions(p, r, cx.orderStatus)
		d.CAPA = capaLink(p, caps, r.ID)
		if isStaff(p) && d.CAPA == nil && r.Status == models.InspCompleted && r.Result == models.ResultFail {
			d.Actions = append(d.Actions, actionOpenCAPA)
		}
		out[i] = d
	}
	return out, nil
}

// inspectionActions ⊆ confirm, assign, override, reinspect (staff); cancel
// (staff, or the booking side's factory); complete (whoever may record it,
// models.Inspection.CanRecord).
func inspectionActions(p *Principal, r *models.Inspection, orderStatus string) []string {
	out := []string{}
	can := func(a models.Action) bool { return models.InspectionCan(r.Status, a) }
	if isStaff(p) {
		for _, a := range []models.Action{models.InspConfirm, models.InspAssign} {
			if can(a) {
				out = append(out, string(a))
			}
		}
	}
	if (isStaff(p) || p.IsFactory()) && can(models.InspCancel) {
		out = append(out, string(models.InspCancel))
	}
	if can(models.InspComplete) && r.CanRecord(p.UserID, p.Role, p.SupplierID) {
		out = append(out, string(models.InspComplete))
	}
	if isStaff(p) && can(models.InspOverride) {
		out = append(out, string(models.InspOverride))
	}
	if (isStaff(p) || p.IsFactory()) && can(models.InspReinspect) && r.Result == models.ResultFail &&
		models.OrderCan(orderStatus, models.OrderInspect) {
		out = append(out, string(models.InspReinspect))
	}
	return out
}

func orderContext(o *models.Order) map[int64]inspectionContext {
	return map[int64]inspectionContext{o.ID: {po: o.PONumber, styleNo: o.StyleNo, styleName: o.StyleName, orderStatus: o.Status}}
}

func (s *Server) sendInspection(c *fiber.Ctx, status int, in *models.Inspection, err error) error {
	if err != nil {
		return err
	}
	o, err := s.store.GetOrder(c.UserContext(), in.OrderID, models.Scope{})
	if err != nil {
		return err
	}
	out, err := s.inspectionDTOs(c, []models.Inspection{*in}, orderContext(o))
	if err != nil {
		return err
	}
	return c.Status(status).JSON(out[0])
}

type suggestionDTO struct {
	Type   string     `json:"type"`
	Date   string     `json:"date"`
	Reason problemDTO `json:"reason"`
}

type problemDTO struct {
	Code   string         `json:"code"`
	Params map[string]any `json:"params"`
}

type orderInspectionsDTO struct {
	Items      []inspectionDTO `json:"items"`
	Suggestion *suggestionDTO  `json:"suggestion"`
	Actions    []string        `json:"actions"`
}

// listOrderInspections returns an order's inspections in the caller's
// scope, the next inspection its progress suggests, and whether the caller
// may book one.
func (s *Server) listOrderInspections(c *fiber.Ctx) error {
	o, err := s.visibleOrder(c)
	if err != nil {
		return err
	}
	p := principalOf(c)
	rows, err := s.store.ListOrderInspections(c.UserContext(), o.ID, scopeOf(p))
	if err != nil {
		return err
	}
	items, err := s.inspectionDTOs(c, rows, orderContext(o))
	if err != nil {
		return err
	}
	out := orderInspectionsDTO{Items: items, Actions: []string{}}
	canBook := (isStaff(p) || p.IsFactory()) && models.OrderCan(o.Status, models.OrderInspect)
	if canBook {
		out.Actions = append(out.Actions, "book")
		sp, err := s.store.GetSupplier(c.UserContext(), o.SupplierID)
		if err != nil {
			return err
		}
		sg, err := s.store.SuggestInspection(c.UserContext(), o, rows, models.SupplierToday(s.store.Clock().Now(), sp))
		if err != nil {
			return err
		}
		out.Suggestion = &suggestionDTO{Type: sg.Type, Date: sg.Date, Reason: problemDTO{Code: sg.Reason, Params: sg.Params}}
	}
	return c.JSON(out)
}

type bookingRequest struct {
	Type           string  `json:"type"`
	Date           string  `json:"date"`
	QuantityReady  int     `json:"quantity_ready"`
	Address        string  `json:"address"`
	Note           string  `json:"note"`
	LotSize        *int    `json:"lot_size"`
	Level          *string `json:"level"`
	AQLCritical    *string `json:"aql_critical"`
	AQLMajor       *string `json:"aql_major"`
	AQLMinor       *string `json:"aql_minor"`
	TotalCartons   int     `json:"total_cartons"`
	SelfInspection bool    `json:"self_inspection"`
	ReinspectionOf *int64  `json:"reinspection_of"`
}

func inspectorOf(p *Principal) models.Inspector {
	return models.Inspector{UserID: p.UserID, Role: p.Role, SupplierID: p.SupplierID}
}

func (s *Server) bookInspection(c *fiber.Ctx) error {
	var req bookingRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	in, err := s.store.BookInspection(c.UserContext(), id, models.BookingInput{Type: req.Type, Date: req.Date,
		QuantityReady: req.QuantityReady, Address: req.Address, Note: req.Note, LotSize: req.LotSize, Level: req.Level,
		AQLCritical: req.AQLCritical, AQLMajor: req.AQLMajor, AQLMinor: req.AQLMinor, TotalCartons: req.TotalCartons,
		SelfInspection: req.SelfInspection, ReinspectionOf: req.ReinspectionOf}, inspectorOf(p), scopeOf(p))
	return s.sendInspection(c, fiber.StatusCreated, in, err)
}

func (s *Server) getInspection(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	in, o, err := s.store.GetInspection(c.UserContext(), id, scopeOf(principalOf(c)))
	if err != nil {
		return err
	}
	out, err := s.inspectionDTOs(c, []models.Inspection{*in}, orderContext(o))
	if err != nil {
		return err
	}
	return c.JSON(out[0])
}

// listInspections: upcoming or failed inspections across orders — a
// merchandiser's own orders (all=1 for everyone's), a qc user's assigned
// ones (view=mine), a factory's own.
func (s *Server) listInspections(c *fiber.Ctx) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	p := principalOf(c)
	f := models.InspectionFilter{Page: pg, Scope: scopeOf(p), View: c.Query("view", models.InspViewUpcoming)}
	if p.Role == models.RoleMerchandiser && !c.QueryBool("all", false) {
		f.MerchandiserID = &p.UserID
	}
	if p.IsQC() && f.View == models.InspViewMine {
		f.InspectorID = &p.UserID
	}
	rows, next, err := s.store.ListInspections(c.UserContext(), f)
	if err != nil {
		return err
	}
	ins := make([]models.Inspection, len(rows))
	ctxs := map[int64]inspectionContext{}
	for i, r := range rows {
		ins[i] = r.Inspection
		ctxs[r.OrderID] = inspectionContext{po: r.PONumber, styleNo: r.StyleNo, styleName: r.StyleName, orderStatus: r.OrderStatus}
	}
	out, err := s.inspectionDTOs(c, ins, ctxs)
	if err != nil {
		return err
	}
	return c.JSON(listOf(out, next))
}

func (s *Server) confirmInspection(c *fiber.Ctx) error {
	var req struct {
		Date             string `json:"date"`
		DateChangeReason string `json:"date_change_reason"`
		InspectorID      *int64 `json:"inspector_id"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	in, err := s.store.ConfirmInspection(c.UserContext(), id, models.ConfirmInput{Date: req.Date,
		DateChangeReason: req.DateChangeReason, InspectorID: req.InspectorID}, principalOf(c).UserID)
	return s.sendInspection(c, fiber.StatusOK, in, err)
}

func (s *Server) assignInspection(c *fiber.Ctx) error {
	var req struct {
		InspectorID *int64 `json:"inspector_id"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	if req.InspectorID == nil {
		return models.Invalid("inspector_id", "required")
	}
	in, err := s.store.AssignInspection(c.UserContext(), id, *req.InspectorID, principalOf(c).UserID)
	return s.sendInspection(c, fiber.StatusOK, in, err)
}

func (s *Server) cancelInspection(c *fiber.Ctx) error {
	var req struct {
		Reason string `json:"reason"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	in, err := s.store.CancelInspection(c.UserContext(), id, req.Reason, inspectorOf(p), scopeOf(p))
	return s.sendInspection(c, fiber.StatusOK, in, err)
}

type completeRequest struct {
	LotSize       *int                 `json:"lot_size"`
	TotalCartons  *int                 `json:"total_cartons"`
	CartonsOpened int                  `json:"cartons_opened"`
	Note          *string              `json:"note"`
	Defects       []models.Defect      `json:"defects"`
	Measurements  []models.Measurement `json:"measurements"`
	Checks        []models.Check       `json:"checks"`
	PhotoIDs      []int64              `json:"photo_ids"`
}

// completeInspection records the findings; the verdict is computed here and
// the request cannot carry one.
func (s *Server) completeInspection(c *fiber.Ctx) error {
	var req completeRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	in, err := s.store.CompleteInspection(c.UserContext(), id, models.CompleteInput{LotSize: req.LotSize,
		TotalCartons: req.TotalCartons, CartonsOpened: req.CartonsOpened, Note: req.Note,
		Findings: models.Findings{Defects: req.Defects, Measurements: req.Measurements, Checks: req.Checks, PhotoIDs: req.PhotoIDs}},
		inspectorOf(p), scopeOf(p))
	return s.sendInspection(c, fiber.StatusOK, in, err)
}

func (s *Server) overrideInspection(c *fiber.Ctx) error {
	var req struct {
		Result string `json:"result"`
		Reason string `json:"reason"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	in, err := s.store.OverrideInspection(c.UserContext(), id, req.Result, req.Reason, principalOf(c).UserID)
	return s.sendInspection(c, fiber.StatusOK, in, err)
}

// listInspectors: who staff can assign to a supplier's inspections — its
// qc users, then staff.
func (s *Server) listInspectors(c *fiber.Ctx) error {
	sid, err := strconv.ParseInt(c.Query("supplier_id"), 10, 64)
	if err != nil || sid <= 0 {
		return models.Invalid("supplier_id", "not_an_id")
	}
	us, err := s.store.Inspectors(c.UserContext(), sid)
	if err != nil {
		return err
	}
	out := make([]inspectorDTO, len(us))
	for i, u := range us {
		out[i] = inspectorDTO{ID: u.ID, Name: u.Name, Role: string(u.Role)}
	}
	return c.JSON(listOf(out, ""))
}

type inspectorDTO struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
}

type switchingDTO struct {
	Family    string          `json:"family"`
	State     aql.SwitchState `json:"state"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// listSwitching shows a supplier's switching state per product family.
func (s *Server) listSwitching(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.GetSupplier(c.UserContext(), id); err != nil {
		return err
	}
	rows, err := s.store.ListSwitching(c.UserContext(), id)
	if err != nil {
		return err
	}
	out := make([]switchingDTO, len(rows))
	for i, r := range rows {
		out[i] = switchingDTO{Family: r.Family, State: r.State, UpdatedAt: r.UpdatedAt}
	}
	return c.JSON(listOf(out, ""))
}

// resumeSwitching resumes a discontinued family on tightened inspection
// (admin, after the supplier's corrective action).
func (s *Server) resumeSwitching(c *fiber.Ctx) error {
	var req struct {
		Family string `json:"family"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	if _, err := s.store.GetSupplier(c.UserContext(), id); err != nil {
		return err
	}
	r, err := s.store.ResumeSwitching(c.UserContext(), id, req.Family)
	if err != nil {
		return err
	}
	return c.JSON(switchingDTO{Family: r.Family, State: r.State, UpdatedAt: r.UpdatedAt})
}
