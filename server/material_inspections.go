package server

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// materialInspectionRoutes are the routes of material follow-up's material inspections, readiness and the five rights (docs/MATERIALS.md).
func (s *Server) materialInspectionRoutes() []route {
	return []route{
		{"POST", "/api/v1/material-pos/:id/inspections", signedIn, jsonLimit, s.createMaterialInspection},
		{"GET", "/api/v1/material-inspections/:id", signedIn, 0, s.getMaterialInspection},
		{"POST", "/api/v1/material-inspections/:id/resolve", signedIn, jsonLimit, s.resolveMaterialInspection},
		{"GET", "/api/v1/orders/:id/material-readiness", signedIn, 0, s.getMaterialReadiness},
		{"GET", "/api/v1/material-suppliers/:id/scorecard", staff, 0, s.materialScorecard},
	}
}

type fabricDefectDTO = models.FabricDefect

type materialRollDTO struct {
	ID       int64             `json:"id"`
	RollNo   string            `json:"roll_no"`
	Yards    string            `json:"yards"`
	WidthIn  string            `json:"width_in"`
	Defects  []fabricDefectDTO `json:"defects"`
	Points   int               `json:"points"`
	ShadeOK  bool              `json:"shade_ok"`
	WidthOK  bool              `json:"width_ok"`
	WeightOK bool              `json:"weight_ok"`
	Note     string            `json:"note"`
}

type materialInspectionDTO struct {
	ID             int64             `json:"id"`
	OrderID        int64             `json:"order_id"`
	POID           int64             `json:"po_id"`
	PONumber       string            `json:"po_number"`
	POLineID       int64             `json:"po_line_id"`
	LineID         int64             `json:"line_id"`
	Item           string            `json:"item"`
	ReceiptID      *int64            `json:"receipt_id"`
	Quantity       string            `json:"quantity"`
	Kind           string            `json:"kind"`
	Result         string            `json:"result"`
	Reason         string            `json:"reason"`
	Threshold      int               `json:"threshold"`
	PointsPer100   string            `json:"points_per_100"`
	TotalPoints    int               `json:"total_points"`
	Yards          string            `json:"yards"`
	LotSize        int               `json:"lot_size"`
	Level          string            `json:"level"`
	AQL            string            `json:"aql"`
	SampleSize     int               `json:"sample_size"`
	Defects        int               `json:"defects"`
	AcceptNo       int               `json:"accept_no"`
	RejectNo       int               `json:"reject_no"`
	Resolution     string            `json:"resolution"`
	ResolutionNote string            `json:"resolution_note"`
	InspectedBy    string            `json:"inspected_by"`
	InspectedDate  string            `json:"inspected_date"`
	CreatedAt      time.Time         `json:"created_at"`
	Rolls          []materialRollDTO `json:"rolls"`
	Photos         []photoRef        `json:"photos"`
	Actions        []string          `json:"actions"`
}

func (s *Server) materialInspectionView(c *fiber.Ctx, v *models.MaterialInspectionView) (materialInspectionDTO, error) {
	photos, err := s.photosOf(c, models.MaterialInspectionPhotoKind, []int64{v.ID})
	if err != nil {
		return materialInspectionDTO{}, err
	}
	rolls := make([]materialRollDTO, len(v.Rolls))
	for i, r := range v.Rolls {
		ds := []fabricDefectDTO{}
		if r.Defects != "" {
			if err := json.Unmarshal([]byte(r.Defects), &ds); err != nil {
				return materialInspectionDTO{}, err
			}
		}
		rolls[i] = materialRollDTO{ID: r.ID, RollNo: r.RollNo, Yards: models.FormatHundredths(r.YardsE2), WidthIn: models.FormatHundredths(r.WidthE2), Defects: ds,
			Points: r.Points, ShadeOK: r.ShadeOK, WidthOK: r.WidthOK, WeightOK: r.WeightOK, Note: r.Note}
	}
	i := &v.MaterialInspection
	return materialInspectionDTO{ID: i.ID, OrderID: v.OrderID, POID: v.PO.ID, PONumber: v.PO.PONumber, POLineID: i.POLineID,
		LineID: v.LineID, Item: v.Item, ReceiptID: i.ReceiptID, Quantity: models.FormatHundredths(v.Quantity), Kind: i.Kind, Result: i.Result,
		Reason: i.Reason, Threshold: i.Threshold, PointsPer100: models.FormatHundredths(i.PointsPer100E2), TotalPoints: i.TotalPoints,
		Yards: models.FormatHundredths(i.YardsE2), LotSize: i.LotSize, Level: i.Level, AQL: i.AQL, SampleSize: i.SampleSize, Defects: i.Defects,
		AcceptNo: i.AcceptNo, RejectNo: i.RejectNo, Resolution: i.Resolution, ResolutionNote: i.ResolutionNote,
		InspectedBy: v.Inspector, InspectedDate: i.InspectedDate, CreatedAt: i.CreatedAt, Rolls: rolls,
		Photos: nonNil(photos[i.ID]), Actions: models.MaterialInspectionActions(i, isStaff(principalOf(c)))}, nil
}

type materialRollRequest struct {
	RollNo   string                `json:"roll_no"`
	Yards    string                `json:"yards"`
	WidthIn  string                `json:"width_in"`
	Defects  []models.FabricDefect `json:"defects"`
	ShadeOK  *bool                 `json:"shade_ok"`
	WidthOK  *bool                 `json:"width_ok"`
	WeightOK *bool                 `json:"weight_ok"`
	Note     string                `json:"note"`
}

type materialInspectionRequest struct {
	POLineID      int64                 `json:"po_line_id"`
	ReceiptID     *int64                `json:"receipt_id"`
	Kind          string                `json:"kind"`
	InspectedDate string                `json:"inspected_date"`
	Rolls         []materialRollRequest `json:"rolls"`
	LotSize       int                   `json:"lot_size"`
	Level         string                `json:"level"`
	AQL           string                `json:"aql"`
	Defects       int                   `json:"defects"`
	Reason        string                `json:"reason"`
	PhotoIDs      []int64               `json:"photo_ids"`
}

// okOr is a check that passes unless it is said to fail.
func okOr(b *bool) bool { return b == nil || *b }

func (s *Server) createMaterialInspection(c *fiber.Ctx) error {
	var req materialInspectionRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	in := models.MaterialInspectionInput{POLineID: req.POLineID, ReceiptID: req.ReceiptID, Kind: req.Kind,
		InspectedDate: req.InspectedDate, LotSize: req.LotSize, Level: req.Level, AQL: req.AQL, Defects: req.Defects,
		Reason: req.Reason, PhotoIDs: req.PhotoIDs}
	for _, r := range req.Rolls {
		in.Rolls = append(in.Rolls, models.MaterialRollInput{RollNo: r.RollNo, Yards: r.Yards, WidthIn: r.WidthIn,
			Defects: r.Defects, ShadeOK: okOr(r.ShadeOK), WidthOK: okOr(r.WidthOK), WeightOK: okOr(r.WeightOK), Note: r.Note})
	}
	p := principalOf(c)
	v, err := s.store.CreateMaterialInspection(c.UserContext(), id, in, models.Uploader{UserID: p.UserID, SupplierID: p.SupplierID}, scopeOf(p))
	if err != nil {
		return err
	}
	dto, err := s.materialInspectionView(c, v)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(dto)
}

func (s *Server) getMaterialInspection(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	v, err := s.store.GetMaterialInspection(c.UserContext(), id, scopeOf(principalOf(c)))
	if err != nil {
		return err
	}
	dto, err := s.materialInspectionView(c, v)
	if err != nil {
		return err
	}
	return c.JSON(dto)
}

type resolveRequest struct {
	Resolution string `json:"resolution"`
	Note       string `json:"note"`
}

func (s *Server) resolveMaterialInspection(c *fiber.Ctx) error {
	var req resolveRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	v, err := s.store.ResolveMaterialInspection(c.UserContext(), id, req.Resolution, req.Note,
		models.Uploader{UserID: p.UserID, SupplierID: p.SupplierID}, scopeOf(p))
	if err != nil {
		return err
	}
	dto, err := s.materialInspectionView(c, v)
	if err != nil {
		return err
	}
	return c.JSON(dto)
}

// orderReadinessDTO is an order's material readiness.
type orderReadinessDTO struct {
	Status     string            `json:"status"`
	LinesTotal int               `json:"lines_total"`
	LinesReady int               `json:"lines_ready"`
	Blocking   []blockingLineDTO `json:"blocking"`
}

type blockingLineDTO struct {
	LineID int64  `json:"line_id"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

// lineReadinessDTO is a requirement line's readiness: quantities as
// decimal strings; eta null when no open PO gives one.
type lineReadinessDTO struct {
	Status   string  `json:"status"`
	Ordered  string  `json:"ordered"`
	Received string  `json:"received"`
	Passed   string  `json:"passed"`
	Short    string  `json:"short"`
	ETA      *string `json:"eta"`
}

// readinessView turns readiness into its DTOs: the order's, and each
// line's by line id (H1's materialLinesView adds them as `readiness`).
func readinessView(or *models.OrderReadiness, per map[int64]models.LineReadiness) (orderReadinessDTO, map[int64]lineReadinessDTO) {
	out := orderReadinessDTO{Status: or.Status, LinesTotal: or.LinesTotal, LinesReady: or.LinesReady,
		Blocking: make([]blockingLineDTO, len(or.Blocking))}
	for i, b := range or.Blocking {
		out.Blocking[i] = blockingLineDTO{LineID: b.LineID, Name: b.Name, Status: b.Status}
	}
	lines := make(map[int64]lineReadinessDTO, len(per))
	for id, l := range per {
		lines[id] = readinessLineOf(l)
	}
	return out, lines
}

func readinessLineOf(l models.LineReadiness) lineReadinessDTO {
	d := lineReadinessDTO{Status: l.Status, Ordered: models.FormatHundredths(l.OrderedE2), Received: models.FormatHundredths(l.ReceivedE2),
		Passed: models.FormatHundredths(l.PassedE2), Short: models.FormatHundredths(l.ShortE2)}
	if l.ETA != "" {
		eta := l.ETA
		d.ETA = &eta
	}
	return d
}

// readinessFor reads an order's readiness as the caller may see it: a
// factory over the rows written for its own supplier.
func (s *Server) readinessFor(ctx context.Context, p *Principal, orderID int64) (orderReadinessDTO, map[int64]lineReadinessDTO, error) {
	or, per, err := s.store.MaterialReadinessAs(ctx, orderID, scopeOf(p))
	if err != nil {
		return orderReadinessDTO{}, nil, err
	}
	o, l := readinessView(or, per)
	return o, l, nil
}

// addReadiness is the readiness GET /api/v1/orders/:id/materials carries
// (H1's materialLinesView calls it at its end): the order's, and each
// line's in the order of lineIDs.
//
//	or, ls, err := s.addReadiness(ctx, p, o.ID, ids)
//	out.Readiness = or; out.Lines[i].Readiness = ls[i]
func (s *Server) addReadiness(ctx context.Context, p *Principal, orderID int64, lineIDs []int64) (orderReadinessDTO, []lineReadinessDTO, error) {
	or, per, err := s.readinessFor(ctx, p, orderID)
	if err != nil {
		return orderReadinessDTO{}, nil, err
	}
	out := make([]lineReadinessDTO, len(lineIDs))
	for i, id := range lineIDs {
		l, ok := per[id]
		if !ok { // not a row of the caller's: nothing of it counted
			out[i] = readinessLineOf(models.LineReadiness{LineID: id, Status: models.ReadyShort})
			continue
		}
		out[i] = l
	}
	return or, out, nil
}

type readinessLineDTO struct {
	LineID    int64            `json:"line_id"`
	Name      string           `json:"name"`
	Needed    string           `json:"needed"`
	Readiness lineReadinessDTO `json:"readiness"`
}

type materialReadinessDTO struct {
	OrderID   int64              `json:"order_id"`
	Readiness orderReadinessDTO  `json:"readiness"`
	Lines     []readinessLineDTO `json:"lines"`
}

func (s *Server) getMaterialReadiness(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	sc := scopeOf(principalOf(c))
	if _, err := s.store.GetOrder(c.UserContext(), id, sc); err != nil {
		return err
	}
	lines, err := s.store.MaterialLineNames(c.UserContext(), id, sc)
	if err != nil {
		return err
	}
	or, per, err := s.readinessFor(c.UserContext(), principalOf(c), id)
	if err != nil {
		return err
	}
	out := materialReadinessDTO{OrderID: id, Readiness: or, Lines: make([]readinessLineDTO, len(lines))}
	for i, l := range lines {
		out.Lines[i] = readinessLineDTO{LineID: l.ID, Name: l.Name, Needed: models.FormatHundredths(l.RequiredE2), Readiness: per[l.ID]}
	}
	return c.JSON(out)
}
