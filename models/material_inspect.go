package models

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"gendan/models/aql"
)

// Material inspection (物料检验, issue 17): fabric by the four-point system
// (ASTM D5430) over its rolls, trims by an AQL plan (models/aql). A failed
// lot is not accepted on its PO line until staff grant a concession.

// MaterialInspectionPhotoKind is the photo owner kind of an inspection.
const MaterialInspectionPhotoKind = "material_inspection"

// Limits of one fabric inspection.
const (
	maxMaterialRolls   = 200
	maxRollDefects     = 1000
	maxMaterialDecimal = 1_000_000_000 // in hundredths: ten million units
)

// FabricDefect is one defect of a roll: the linear yard it is in (1 = the
// first), its length in inches (a decimal string, up to 2 decimals), and
// whether it is a hole (holes score by their size, ≤ 1 in: 2 points).
type FabricDefect struct {
	Yard     int    `json:"yard"`
	LengthIn string `json:"length_in"`
	Hole     bool   `json:"hole"`
}

// DefectPoints is a defect's four-point score from its length in
// hundredths of an inch: ≤ 3 in 1, > 3 and ≤ 6 in 2, > 6 and ≤ 9 in 3,
// > 9 in 4; a hole ≤ 1 in 2, a larger one 4.
func DefectPoints(lengthE2 int64, hole bool) int {
	if hole {
		if lengthE2 <= 100 {
			return 2
		}
		return 4
	}
	switch {
	case lengthE2 <= 300:
		return 1
	case lengthE2 <= 600:
		return 2
	case lengthE2 <= 900:
		return 3
	}
	return 4
}

// FourPointRoll is a roll as the rule reads it: lengths in hundredths.
type FourPointRoll struct {
	YardsE2 int64 // inspected length in yards
	WidthE2 int64 // cuttable width in inches
	// Defects: (yard, length in hundredths of an inch, hole).
	Defects                    []FourPointDefect
	ShadeOK, WidthOK, WeightOK bool
}

// FourPointDefect is one defect of a FourPointRoll.
type FourPointDefect struct {
	Yard     int
	LengthE2 int64
	Hole     bool
}

// FourPointResult is the four-point judgement of a lot.
type FourPointResult struct {
	RollPoints  []int // per roll, after the cap of 4 per linear yard
	TotalPoints int
	YardsE2     int64 // inspected yards, all rolls
	// Per100E2 is points per 100 square yards in hundredths, rounded up:
	// the figure shown is never better than the truth, and the pass rule
	// reads the figure shown (40.00 passes at 40, 40.01 fails).
	Per100E2 int64
	Result   string // pass | fail | conditional
}

// FourPoint judges fabric rolls against a threshold (points per 100 square
// yards): each defect scores DefectPoints, a linear yard at most 4 points;
// points per 100 square yards = total points × 3600 ÷ Σ(yards × cuttable
// width in inches) (100 square yards are 129,600 square inches and a roll
// covers yards × 36 × width of them: 129,600 ÷ 36 = 3600);
// pass when ≤ threshold; a lot whose points pass but a roll fails shade,
// width or weight is conditional.
func FourPoint(rolls []FourPointRoll, threshold int) FourPointResult {
	res := FourPointResult{RollPoints: make([]int, len(rolls))}
	var area int64 // Σ yardsE2 × widthE2: square yard-inches × 10⁴
	checksOK := true
	for i, r := range rolls {
		perYard := map[int]int{}
		for _, d := range r.Defects {
			perYard[d.Yard] += DefectPoints(d.LengthE2, d.Hole)
		}
		pts := 0
		for _, p := range perYard {
			pts += min(p, 4)
		}
		res.RollPoints[i] = pts
		res.TotalPoints += pts
		res.YardsE2 += r.YardsE2
		area += r.YardsE2 * r.WidthE2
		checksOK = checksOK && r.ShadeOK && r.WidthOK && r.WeightOK
	}
	if area > 0 {
		// points × 3600 ÷ (yards × width); yards and width are in hundredths
		// (area × 10⁴) and the answer in hundredths (× 10²): × 10⁶.
		num := int64(res.TotalPoints) * 3600 * 1_000_000
		res.Per100E2 = (num + area - 1) / area
	}
	switch {
	case area == 0 || res.Per100E2 > int64(threshold)*100:
		res.Result = MResultFail
	case !checksOK:
		res.Result = MResultConditional
	default:
		res.Result = MResultPass
	}
	return res
}

// TrimJudgement is an AQL judgement of a trim lot.
type TrimJudgement struct {
	Plan   aql.Plan
	Result string
}

// JudgeTrims looks up the single sampling plan (normal inspection) for a
// trim lot and judges its nonconforming count: pass at most Ac, else fail.
func JudgeTrims(lotSize int, level, aqlLabel string, defects int) (TrimJudgement, error) {
	p, err := aql.Lookup(lotSize, aql.Level(level), aqlLabel, aql.Normal)
	if err != nil {
		return TrimJudgement{}, err
	}
	j := TrimJudgement{Plan: p, Result: MResultPass}
	if defects > p.Ac {
		j.Result = MResultFail
	}
	return j, nil
}

// FormatHundredths writes hundredths as a decimal string with 2 decimals
// ("1250.50"), as the API writes quantities.
func FormatHundredths(v int64) string { return FormatDecimal(v, 2) }

func decE2(v int64) string { return FormatDecimal(v, 2) }

// checkDecE2 validates a required positive decimal field with 2 decimals.
func checkDecE2(v *ValidationError, field, s string) int64 {
	if strings.TrimSpace(s) == "" {
		v.Add(field, "required")
		return 0
	}
	n, ok := ParseDecimal(s, 2)
	switch {
	case !ok:
		v.Add(field, "invalid_decimal", "max_decimals", 2)
	case n <= 0 || n > maxMaterialDecimal:
		v.Add(field, "out_of_range", "min", "0.01", "max", decE2(maxMaterialDecimal))
	}
	return n
}

// MaterialRollInput is one roll of a fabric inspection as written.
type MaterialRollInput struct {
	RollNo   string
	Yards    string
	WidthIn  string
	Defects  []FabricDefect
	ShadeOK  bool
	WidthOK  bool
	WeightOK bool
	Note     string
}

// MaterialInspectionInput is a new inspection of a PO line's received
// goods: fabric with Rolls, trims with LotSize, Level, AQL and Defects.
type MaterialInspectionInput struct {
	POLineID      int64
	ReceiptID     *int64
	Kind          string
	InspectedDate string
	Rolls         []MaterialRollInput
	LotSize       int
	Level         string
	AQL           string
	Defects       int
	Reason        string
	PhotoIDs      []int64
}

// MaterialInspectionView is an inspection with what its screen shows.
type MaterialInspectionView struct {
	MaterialInspection
	Rolls     []MaterialRoll
	PO        MaterialPO
	OrderID   int64
	Item      string // the requirement line's name
	LineID    int64
	Quantity  int64 // the lot's quantity (the receipt's, else the line's received), hundredths
	Inspector string
}

// materialInspectable: a PO whose goods may have arrived.
var materialInspectable = map[string]bool{MPOConfirmed: true, MPOShipped: true, MPOPartiallyReceived: true, MPOReceived: true}

// loadMaterialPOFor reads a material PO and its order for a caller: a
// factory sees only the POs written for its own supplier (the row's
// supplier_id) of orders it sees.
func (s *Store) loadMaterialPOFor(tx *gorm.DB, poID int64, sc Scope, lock bool) (*MaterialPO, *Order, error) {
	var po MaterialPO
	q := tx
	if lock {
		q = s.forUpdate(tx)
	}
	if err := q.First(&po, poID).Error; err != nil {
		return nil, nil, notFound(err)
	}
	if !sc.Owns(&po.SupplierID) {
		return nil, nil, ErrNotFound
	}
	o, err := s.getOrderTx(tx, po.OrderID, sc, false)
	if err != nil {
		return nil, nil, err
	}
	return &po, o, nil
}

// CreateMaterialInspection records an inspection of a PO line's received
// goods, its rolls and photos; the result is computed here, the line's
// accepted quantity follows, and the order's risk is refreshed.
func (s *Store) CreateMaterialInspection(ctx context.Context, poID int64, in MaterialInspectionInput, by Uploader, sc Scope) (*MaterialInspectionView, error) {
	var id int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		po, o, err := s.loadMaterialPOFor(tx, poID, sc, true)
		if err != nil {
			return err
		}
		if o.Status == StatusCancelled || o.Status == StatusClosed {
			return Conflict("order_not_editable", "status", o.Status)
		}
		if !materialInspectable[po.Status] {
			return Conflict("material_po_not_open", "status", po.Status, "action", "inspect")
		}
		v := &ValidationError{}
		var pl MaterialPOLine
		if in.POLineID <= 0 {
			v.Add("po_line_id", "required")
		} else if err := tx.Where("id = ? AND po_id = ?", in.POLineID, po.ID).Take(&pl).Error; err != nil {
			if err := notFound(err); err != ErrNotFound {
				return err
			}
			v.Add("po_line_id", "not_an_id")
		}
		var lotE2 int64
		if in.ReceiptID != nil && pl.ID != 0 {
			var rc MaterialReceipt
			if err := tx.Where("id = ? AND po_line_id = ?", *in.ReceiptID, pl.ID).Take(&rc).Error; err != nil {
				if err := notFound(err); err != ErrNotFound {
					return err
				}
				v.Add("receipt_id", "not_an_id")
			} else {
				lotE2 = rc.QuantityE2
			}
		} else {
			lotE2 = pl.ReceivedE2
		}
		in.Reason = strings.TrimSpace(in.Reason)
		checkText(v, "reason", in.Reason, false, 500)
		now := s.clock.Now()
		if checkDate(v, "inspected_date", in.InspectedDate, true) && in.InspectedDate > LatestToday(now) {
			v.Add("inspected_date", "date_in_future")
		}
		// The PO's supplier: the order's for every PO a factory may write on;
		// staff inspecting a PO written before the order moved keep it with
		// the factory it was written for.
		insp := MaterialInspection{POLineID: pl.ID, ReceiptID: in.ReceiptID, SupplierID: po.SupplierID, Kind: in.Kind,
			Reason: in.Reason, InspectedBy: by.UserID, InspectedDate: in.InspectedDate, CreatedAt: now}
		var rolls []MaterialRoll
		switch in.Kind {
		case MInspFabric:
			var cu Customer
			insp.Threshold = DefaultFabricPointsMax
			if err := tx.Select("id", "fabric_points_max").Take(&cu, o.CustomerID).Error; err == nil && cu.FabricPointsMax > 0 {
				insp.Threshold = cu.FabricPointsMax
			}
			fr, rs := checkRolls(v, in.Rolls)
			if v.Err() == nil {
				res := FourPoint(fr, insp.Threshold)
				insp.Result, insp.TotalPoints, insp.YardsE2, insp.PointsPer100E2 = res.Result, res.TotalPoints, res.YardsE2, res.Per100E2
				for i := range rs {
					rs[i].Points = res.RollPoints[i]
				}
				rolls = rs
			}
		case MInspTrim:
			if in.Level == "" {
				in.Level = string(aql.LevelII)
			}
			if in.AQL == "" {
				in.AQL = "2.5"
			}
			switch {
			case in.LotSize < 1 || in.LotSize > MaxLotSize:
				v.Add("lot_size", "out_of_range", "min", 1, "max", MaxLotSize)
			case in.Defects < 0 || in.Defects > in.LotSize:
				v.Add("defects", "out_of_range", "min", 0, "max", in.LotSize)
			}
			if len(in.Rolls) > 0 {
				v.Add("rolls", "too_many", "max", 0)
			}
			if v.Err() == nil {
				j, err := JudgeTrims(in.LotSize, in.Level, in.AQL, in.Defects)
				if err != nil {
					return aqlProblem(err, "aql")
				}
				insp.Result, insp.LotSize, insp.Level, insp.AQL = j.Result, in.LotSize, in.Level, in.AQL
				insp.SampleSize, insp.Defects, insp.AcceptNo, insp.RejectNo = j.Plan.SampleSize, in.Defects, j.Plan.Ac, j.Plan.Re
			}
		default:
			v.Add("kind", "one_of", "allowed", "fabric, trim")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if pl.ReceivedE2 <= 0 {
			return Conflict("material_not_received")
		}
		if err := tx.Create(&insp).Error; err != nil {
			return fmt.Errorf("create material inspection: %w", err)
		}
		id = insp.ID
		for i := range rolls {
			rolls[i].InspectionID = insp.ID
		}
		if len(rolls) > 0 {
			if err := tx.Create(&rolls).Error; err != nil {
				return fmt.Errorf("create material rolls: %w", err)
			}
		}
		if err := s.AttachPhotos(tx, in.PhotoIDs, by, PhotoOwner{Kind: MaterialInspectionPhotoKind, ID: insp.ID, SupplierID: po.SupplierID}); err != nil {
			return err
		}
		if err := recomputeMaterialAccepted(tx, pl.ID); err != nil {
			return err
		}
		var item string
		if err := tx.Model(&MaterialLine{}).Where("id = ?", pl.LineID).Pluck("name", &item).Error; err != nil {
			return err
		}
		if err := addActivity(tx, now, o.ID, &by.UserID, ActMaterialInspected, false, map[string]any{
			"inspection_id": insp.ID, "po_id": po.ID, "po_number": po.PONumber, "item": item, "kind": insp.Kind,
			"result": insp.Result, "quantity": decE2(lotE2)}); err != nil {
			return err
		}
		if insp.Result == MResultFail {
			if err := notifyOtherSide(tx, now, o, by.UserID, by.SupplierID != nil, NotifyMaterialInspectionFailed, map[string]any{
				"po_id": po.ID, "po_number": po.PONumber, "item": item, "inspection_id": insp.ID}); err != nil {
				return err
			}
		}
		return refreshMaterialRisk(tx, o.ID, now)
	})
	if err != nil {
		return nil, err
	}
	return s.GetMaterialInspection(ctx, id, sc)
}

// checkRolls validates fabric rolls and converts them for FourPoint.
func checkRolls(v *ValidationError, in []MaterialRollInput) ([]FourPointRoll, []MaterialRoll) {
	if len(in) == 0 {
		v.Add("rolls", "required")
		return nil, nil
	}
	if len(in) > maxMaterialRolls {
		v.Add("rolls", "too_many", "max", maxMaterialRolls)
		return nil, nil
	}
	fr := make([]FourPointRoll, len(in))
	rs := make([]MaterialRoll, len(in))
	for i, r := range in {
		f := fmt.Sprintf("rolls[%d].", i)
		r.RollNo, r.Note = strings.TrimSpace(r.RollNo), strings.TrimSpace(r.Note)
		checkText(v, f+"roll_no", r.RollNo, true, 50)
		checkText(v, f+"note", r.Note, false, 500)
		yards := checkDecE2(v, f+"yards", r.Yards)
		width := checkDecE2(v, f+"width_in", r.WidthIn)
		if len(r.Defects) > maxRollDefects {
			v.Add(f+"defects", "too_many", "max", maxRollDefects)
			continue
		}
		maxYard := int((yards + 99) / 100)
		ds := make([]FourPointDefect, len(r.Defects))
		stored := make([]FabricDefect, len(r.Defects))
		for j, d := range r.Defects {
			df := fmt.Sprintf("%sdefects[%d].", f, j)
			if yards > 0 && (d.Yard < 1 || d.Yard > maxYard) {
				v.Add(df+"yard", "out_of_range", "min", 1, "max", maxYard)
			}
			l := checkDecE2(v, df+"length_in", d.LengthIn)
			ds[j] = FourPointDefect{Yard: d.Yard, LengthE2: l, Hole: d.Hole}
			stored[j] = FabricDefect{Yard: d.Yard, LengthIn: decE2(l), Hole: d.Hole}
		}
		b, _ := json.Marshal(stored)
		fr[i] = FourPointRoll{YardsE2: yards, WidthE2: width, Defects: ds, ShadeOK: r.ShadeOK, WidthOK: r.WidthOK, WeightOK: r.WeightOK}
		rs[i] = MaterialRoll{RollNo: r.RollNo, YardsE2: yards, WidthE2: width, Defects: string(b),
			ShadeOK: r.ShadeOK, WidthOK: r.WidthOK, WeightOK: r.WeightOK, Note: r.Note}
	}
	return fr, rs
}

// lotBlocked reports whether an inspection keeps its lot from being
// accepted: failed, and no concession granted.
func lotBlocked(i *MaterialInspection) bool {
	return i.Result == MResultFail && i.Resolution != MResolveConcession
}

// governing returns, for each receipt of a PO line, the inspection that
// judges it: the latest (by id) of its own inspections and of the line's
// inspections without a receipt written after it arrived (nil: not
// inspected). A receipt that arrives after a line-wide inspection waits for
// one of its own.
func governing(receipts []MaterialReceipt, insps []MaterialInspection) map[int64]*MaterialInspection {
	out := make(map[int64]*MaterialInspection, len(receipts))
	for _, r := range receipts {
		for i := range insps {
			in := &insps[i]
			covers := in.ReceiptID != nil && *in.ReceiptID == r.ID ||
				in.ReceiptID == nil && !in.CreatedAt.Before(r.CreatedAt)
			if covers && (out[r.ID] == nil || in.ID > out[r.ID].ID) {
				out[r.ID] = in
			}
		}
	}
	return out
}

// recomputeMaterialAccepted sets a PO line's accepted quantity: the
// receipts handled as accepted, less those whose governing inspection
// failed without a concession. H2's receipt writes call it too.
func recomputeMaterialAccepted(tx *gorm.DB, poLineID int64) error {
	var rcs []MaterialReceipt
	if err := tx.Where("po_line_id = ?", poLineID).Order("id").Find(&rcs).Error; err != nil {
		return fmt.Errorf("accepted of material PO line %d: %w", poLineID, err)
	}
	var insps []MaterialInspection
	if err := tx.Where("po_line_id = ?", poLineID).Order("id").Find(&insps).Error; err != nil {
		return fmt.Errorf("accepted of material PO line %d: %w", poLineID, err)
	}
	g := governing(rcs, insps)
	var acc int64
	for _, r := range rcs {
		if r.Handling != HandlingAccepted {
			continue
		}
		if in := g[r.ID]; in != nil && lotBlocked(in) {
			continue
		}
		acc += r.QuantityE2
	}
	return tx.Model(&MaterialPOLine{}).Where("id = ?", poLineID).UpdateColumn("accepted_e2", acc).Error
}

// refreshMaterialRisk recomputes an order's risk in the transaction of a
// write that changed its materials (requirement lines, POs, receipts,
// inspections): H1's and H2's writes call it as well.
func refreshMaterialRisk(tx *gorm.DB, orderID int64, now time.Time) error {
	return refreshRisk(tx, orderID, now)
}

// GetMaterialInspection reads an inspection with its rolls, PO and item, if
// the scope owns it.
func (s *Store) GetMaterialInspection(ctx context.Context, id int64, sc Scope) (*MaterialInspectionView, error) {
	db := s.conn(ctx)
	var out MaterialInspectionView
	if err := db.First(&out.MaterialInspection, id).Error; err != nil {
		return nil, notFound(err)
	}
	if !sc.Owns(&out.SupplierID) {
		return nil, ErrNotFound
	}
	var pl MaterialPOLine
	if err := db.First(&pl, out.POLineID).Error; err != nil {
		return nil, fmt.Errorf("material inspection %d: %w", id, err)
	}
	po, o, err := s.loadMaterialPOFor(db, pl.POID, Scope{}, false)
	if err != nil {
		return nil, fmt.Errorf("material inspection %d: %w", id, err)
	}
	if !sc.Visible(o) {
		return nil, ErrNotFound
	}
	out.PO, out.OrderID, out.LineID = *po, o.ID, pl.LineID
	if err := db.Model(&MaterialLine{}).Where("id = ?", pl.LineID).Pluck("name", &out.Item).Error; err != nil {
		return nil, err
	}
	out.Quantity = pl.ReceivedE2
	if out.ReceiptID != nil {
		var q []int64
		if err := db.Model(&MaterialReceipt{}).Where("id = ?", *out.ReceiptID).Pluck("quantity_e2", &q).Error; err != nil {
			return nil, err
		}
		if len(q) == 1 {
			out.Quantity = q[0]
		}
	}
	if err := db.Where("inspection_id = ?", id).Order("id").Find(&out.Rolls).Error; err != nil {
		return nil, err
	}
	names, err := s.UserNames(ctx, []int64{out.InspectedBy})
	if err != nil {
		return nil, err
	}
	out.Inspector = names[out.InspectedBy]
	return &out, nil
}

// MaterialInspectionActions are what a caller may do with an inspection
// now: resolve a failed, unresolved one (a factory only by replacement).
func MaterialInspectionActions(i *MaterialInspection, staff bool) []string {
	if i.Result != MResultFail || i.Resolution != "" {
		return []string{}
	}
	if staff {
		return []string{MResolveReplacement, MResolveConcession}
	}
	return []string{MResolveReplacement}
}

// ResolveMaterialInspection records what is done with a failed lot:
// replacement (either side) or a concession (staff only), which accepts
// the lot on its PO line.
func (s *Store) ResolveMaterialInspection(ctx context.Context, id int64, resolution, note string, by Uploader, sc Scope) (*MaterialInspectionView, error) {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var insp MaterialInspection
		if err := s.forUpdate(tx).First(&insp, id).Error; err != nil {
			return notFound(err)
		}
		if !sc.Owns(&insp.SupplierID) {
			return ErrNotFound
		}
		var pl MaterialPOLine
		if err := tx.First(&pl, insp.POLineID).Error; err != nil {
			return fmt.Errorf("resolve material inspection %d: %w", id, err)
		}
		var po MaterialPO
		if err := tx.First(&po, pl.POID).Error; err != nil {
			return fmt.Errorf("resolve material inspection %d: %w", id, err)
		}
		o, err := s.getOrderTx(tx, po.OrderID, sc, false)
		if err != nil {
			return err
		}
		if o.Status == StatusCancelled || o.Status == StatusClosed {
			return Conflict("order_not_editable", "status", o.Status)
		}
		v := &ValidationError{}
		note = strings.TrimSpace(note)
		checkText(v, "note", note, false, 500)
		switch resolution {
		case MResolveReplacement, MResolveConcession:
		default:
			v.Add("resolution", "one_of", "allowed", "replacement, concession")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if resolution == MResolveConcession && sc.Limited() {
			return ErrForbidden
		}
		if insp.Result != MResultFail {
			return Conflict("material_inspection_not_failed", "result", insp.Result)
		}
		if insp.Resolution != "" {
			return Conflict("material_inspection_resolved", "resolution", insp.Resolution)
		}
		if err := tx.Model(&MaterialInspection{}).Where("id = ?", id).
			Updates(map[string]any{"resolution": resolution, "resolution_note": note}).Error; err != nil {
			return fmt.Errorf("resolve material inspection %d: %w", id, err)
		}
		if err := recomputeMaterialAccepted(tx, pl.ID); err != nil {
			return err
		}
		var item string
		if err := tx.Model(&MaterialLine{}).Where("id = ?", pl.LineID).Pluck("name", &item).Error; err != nil {
			return err
		}
		now := s.clock.Now()
		if err := addActivity(tx, now, o.ID, &by.UserID, ActMaterialInspected, false, map[string]any{
			"inspection_id": id, "po_id": po.ID, "po_number": po.PONumber, "item": item, "kind": insp.Kind,
			"result": insp.Result, "resolution": resolution, "note": note}); err != nil {
			return err
		}
		return refreshMaterialRisk(tx, o.ID, now)
	})
	if err != nil {
		return nil, err
	}
	return s.GetMaterialInspection(ctx, id, sc)
}

// ListMaterialInspections lists the inspections of a PO's lines that the
// scope owns, oldest first (the PO screen).
func (s *Store) ListMaterialInspections(ctx context.Context, poID int64, sc Scope) ([]MaterialInspection, error) {
	var out []MaterialInspection
	q := s.conn(ctx).Where("po_line_id IN (?)", s.conn(ctx).Model(&MaterialPOLine{}).Select("id").Where("po_id = ?", poID))
	err := sc.ownRows(q).Order("id").Find(&out).Error
	return out, err
}

// MaterialScorecard is the five rights (适时，适质，适地，适量，适价) of a
// material supplier over the POs ordered from From to To (the ordered
// date, else the day the PO was written), cancelled POs left out:
//   - on time: of the POs shipped, those shipped on or before their
//     baseline (first promised) date, and on or before the latest promise;
//   - quality: of the PO lines inspected, those whose first inspection
//     passed (conditional is not a pass);
//   - place: of the receipts of POs with a deliver-to, those received into
//     it (the warehouse equals deliver_to, case and spaces aside);
//   - quantity: of the PO lines received on POs partially or fully
//     received, those received short of and over the ordered quantity;
//   - price: each PO line with a unit price compared with the same item's
//     (the requirement line's name) unit price on this supplier's previous
//     PO in the same currency that priced it; PriceVarianceE2 is the
//     average of (price − previous) ÷ previous in hundredths of a percent,
//     nil when nothing compares.
type MaterialScorecard struct {
	Supplier                       MaterialSupplier
	From, To                       string
	POs                            int
	Shipped, OnBaseline, OnPromise int
	Inspected, FirstPassed         int
	Receipts, RightPlace           int
	Lines, Short, Over             int
	PriceCompared                  int
	PriceVarianceE2                *int64
}

// MaterialScorecard computes a material supplier's five rights.
func (s *Store) MaterialScorecard(ctx context.Context, msID int64, from, to string) (*MaterialScorecard, error) {
	db := s.conn(ctx)
	sc := &MaterialScorecard{From: from, To: to}
	if err := db.First(&sc.Supplier, msID).Error; err != nil {
		return nil, notFound(err)
	}
	var pos []MaterialPO
	if err := db.Where("material_supplier_id = ? AND status <> ?", msID, MPOCancelled).Find(&pos).Error; err != nil {
		return nil, fmt.Errorf("scorecard of material supplier %d: %w", msID, err)
	}
	day := func(p *MaterialPO) string {
		if p.OrderedDate != "" {
			return p.OrderedDate
		}
		return p.CreatedAt.UTC().Format(DateLayout)
	}
	// by date then id: "previous" for the price rule
	slices.SortFunc(pos, func(a, b MaterialPO) int {
		if c := strings.Compare(day(&a), day(&b)); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	in := map[int64]bool{}
	ids := make([]int64, len(pos))
	for i := range pos {
		p := &pos[i]
		ids[i] = p.ID
		if d := day(p); d < from || d > to {
			continue
		}
		in[p.ID] = true
		sc.POs++
		if p.ShippedDate != "" {
			sc.Shipped++
			if p.BaselineDate != "" && p.ShippedDate <= p.BaselineDate {
				sc.OnBaseline++
			}
			if p.PromisedDate != "" && p.ShippedDate <= p.PromisedDate {
				sc.OnPromise++
			}
		}
	}
	if len(ids) == 0 {
		return sc, nil
	}
	var lines []struct {
		MaterialPOLine `gorm:"embedded"`
		Name           string
	}
	if err := db.Table("material_po_lines pl").Joins("JOIN material_lines l ON l.id = pl.line_id").
		Select("pl.*, l.name").Where("pl.po_id IN ?", ids).Order("pl.id").Scan(&lines).Error; err != nil {
		return nil, err
	}
	var insps []MaterialInspection
	if err := db.Where("po_line_id IN (?)", db.Model(&MaterialPOLine{}).Select("id").Where("po_id IN ?", ids)).
		Order("id").Find(&insps).Error; err != nil {
		return nil, err
	}
	first := map[int64]string{}
	for _, i := range insps {
		if _, ok := first[i.POLineID]; !ok {
			first[i.POLineID] = i.Result
		}
	}
	var rcs []MaterialReceipt
	if err := db.Where("po_id IN ?", ids).Find(&rcs).Error; err != nil {
		return nil, err
	}
	byID := map[int64]*MaterialPO{}
	rank := map[int64]int{}
	for i := range pos {
		byID[pos[i].ID], rank[pos[i].ID] = &pos[i], i
	}
	for _, r := range rcs {
		p := byID[r.POID]
		if !in[r.POID] || strings.TrimSpace(p.DeliverTo) == "" {
			continue
		}
		sc.Receipts++
		if strings.EqualFold(strings.TrimSpace(r.Warehouse), strings.TrimSpace(p.DeliverTo)) {
			sc.RightPlace++
		}
	}
	type priced struct {
		rank  int
		price int64
	}
	prices := map[string][]priced{} // currency + item → prices by PO rank
	for _, l := range lines {
		if v, ok := ParseDecimal(l.UnitPrice, 4); ok && v > 0 {
			k := byID[l.POID].Currency + "\x00" + l.Name
			prices[k] = append(prices[k], priced{rank[l.POID], v})
		}
	}
	var varSum int64
	for _, l := range lines {
		p := byID[l.POID]
		if !in[l.POID] {
			continue
		}
		if r, ok := first[l.ID]; ok {
			sc.Inspected++
			if r == MResultPass {
				sc.FirstPassed++
			}
		}
		if (p.Status == MPOReceived || p.Status == MPOPartiallyReceived) && l.ReceivedE2 > 0 {
			sc.Lines++
			switch {
			case l.ReceivedE2 < l.QuantityE2:
				sc.Short++
			case l.ReceivedE2 > l.QuantityE2:
				sc.Over++
			}
		}
		v, ok := ParseDecimal(l.UnitPrice, 4)
		if !ok || v <= 0 {
			continue
		}
		var prev int64
		for _, q := range prices[p.Currency+"\x00"+l.Name] {
			if q.rank < rank[l.POID] {
				prev = q.price // the latest before this PO
			}
		}
		if prev > 0 {
			sc.PriceCompared++
			varSum += (v - prev) * 10000 / prev
		}
	}
	if sc.PriceCompared > 0 {
		avg := varSum / int64(sc.PriceCompared)
		sc.PriceVarianceE2 = &avg
	}
	return sc, nil
}
