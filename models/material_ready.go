package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"gendan/models/risk"
)

// Readiness before cutting (交生产部门生产之前，应向仓库了解生产原材料是否足够):
// per requirement line what is needed, ordered, received and passed, and
// whether the order's materials let cutting start.

// Line readiness statuses, and the order's.
const (
	ReadyReady      = "ready"
	ReadyInspecting = "inspecting"
	ReadyOrdered    = "ordered"
	ReadyShort      = "short"
	ReadyFailed     = "failed"
	ReadyLate       = "late"

	OrderReadyNone    = "none"
	OrderReadyReady   = "ready"
	OrderReadyPending = "pending"
	OrderReadyBlocked = "blocked"
)

// MaterialLineState is what readiness reads of one requirement line, in
// hundredths: Ordered on non-cancelled PO lines, Received on them, Passed
// the received lots accepted after an inspection that passed (or was
// conceded), Pending the accepted lots not yet inspected; Failed when a lot
// failed and no concession was granted; ETA the latest expected arrival of
// its POs still to deliver (their ETA, else the promised ship date).
type MaterialLineState struct {
	LineID     int64
	Name       string
	NeededBy   string
	NeededE2   int64
	OrderedE2  int64
	ReceivedE2 int64
	PassedE2   int64
	PendingE2  int64
	Failed     bool
	ETA        string
}

// LineReadiness is one line's readiness, in hundredths.
type LineReadiness struct {
	LineID     int64
	Status     string
	NeededE2   int64
	OrderedE2  int64
	ReceivedE2 int64
	PassedE2   int64
	ShortE2    int64
	ETA        string
}

// BlockingLine is a line that keeps an order from being ready.
type BlockingLine struct {
	LineID int64
	Name   string
	Status string
}

// OrderReadiness is an order's material readiness.
type OrderReadiness struct {
	Status     string
	LinesTotal int
	LinesReady int
	Blocking   []BlockingLine
}

// LineReadinessOf judges one line on the factory's today (YYYY-MM-DD):
//   - ready: passed ≥ needed;
//   - failed: a lot failed inspection without a concession;
//   - late: the latest ETA is after needed_by, or needed_by is before today;
//   - inspecting: passed + received-but-not-inspected ≥ needed;
//   - ordered: ordered ≥ needed;
//   - short: otherwise.
//
// The first that applies wins; short = needed − passed, at least 0.
func LineReadinessOf(st MaterialLineState, today string) LineReadiness {
	lr := LineReadiness{LineID: st.LineID, NeededE2: st.NeededE2, OrderedE2: st.OrderedE2, ReceivedE2: st.ReceivedE2,
		PassedE2: st.PassedE2, ShortE2: max(0, st.NeededE2-st.PassedE2), ETA: st.ETA}
	switch {
	case st.PassedE2 >= st.NeededE2:
		lr.Status = ReadyReady
	case st.Failed:
		lr.Status = ReadyFailed
	case st.NeededBy != "" && ((st.ETA != "" && st.ETA > st.NeededBy) || (today != "" && st.NeededBy < today)):
		lr.Status = ReadyLate
	case st.PassedE2+st.PendingE2 >= st.NeededE2:
		lr.Status = ReadyInspecting
	case st.OrderedE2 >= st.NeededE2:
		lr.Status = ReadyOrdered
	default:
		lr.Status = ReadyShort
	}
	return lr
}

// OrderReadinessOf judges an order's lines (in position order): none
// without lines, ready when every line is, blocked when any is failed or
// late (a short line past its needed-by date is late), else pending.
// Blocking lists the lines not ready, in order.
func OrderReadinessOf(lines []MaterialLineState, today string) (OrderReadiness, map[int64]LineReadiness) {
	or := OrderReadiness{Status: OrderReadyNone, LinesTotal: len(lines), Blocking: []BlockingLine{}}
	per := make(map[int64]LineReadiness, len(lines))
	blocked := false
	for _, st := range lines {
		lr := LineReadinessOf(st, today)
		per[st.LineID] = lr
		if lr.Status == ReadyReady {
			or.LinesReady++
			continue
		}
		blocked = blocked || lr.Status == ReadyFailed || lr.Status == ReadyLate
		or.Blocking = append(or.Blocking, BlockingLine{LineID: st.LineID, Name: st.Name, Status: lr.Status})
	}
	switch {
	case len(lines) == 0:
	case or.LinesReady == len(lines):
		or.Status = OrderReadyReady
	case blocked:
		or.Status = OrderReadyBlocked
	default:
		or.Status = OrderReadyPending
	}
	return or, per
}

// loadMaterialStates reads the readiness inputs of orders' lines, keyed by
// order id, lines in position order. A limited scope reads only the rows
// written for its supplier.
func loadMaterialStates(tx *gorm.DB, orderIDs []int64, sc Scope) (map[int64][]MaterialLineState, error) {
	out := map[int64][]MaterialLineState{}
	err := chunks(uniq(orderIDs), func(part []int64) error {
		lines := sc.ownRowsAs(tx.Table("material_lines").Select("id, order_id, name, needed_by, required_e2").
			Where("order_id IN ?", part), "supplier_id").Order("order_id, position, id")
		rows, err := lines.Rows()
		if err != nil {
			return err
		}
		idx := map[int64][2]int64{} // line id → order id, index
		for rows.Next() {
			var st MaterialLineState
			var oid int64
			if err := rows.Scan(&st.LineID, &oid, &st.Name, &st.NeededBy, &st.NeededE2); err != nil {
				rows.Close()
				return err
			}
			idx[st.LineID] = [2]int64{oid, int64(len(out[oid]))}
			out[oid] = append(out[oid], st)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(idx) == 0 {
			return nil
		}
		line := func(id int64) *MaterialLineState {
			if at, ok := idx[id]; ok {
				return &out[at[0]][at[1]]
			}
			return nil
		}
		pos := sc.ownRowsAs(tx.Table("material_pos").Select("id").Where("order_id IN ? AND status <> ?", part, MPOCancelled), "supplier_id")
		var pls []struct {
			ID, LineID, QuantityE2, ReceivedE2 int64
			Status, ETA, PromisedDate          string
		}
		if err := tx.Table("material_po_lines pl").Joins("JOIN material_pos p ON p.id = pl.po_id").
			Select("pl.id, pl.line_id, pl.quantity_e2, pl.received_e2, p.status, p.eta, p.promised_date").
			Where("pl.po_id IN (?)", pos).Order("pl.id").Scan(&pls).Error; err != nil {
			return err
		}
		plLine := map[int64]int64{}
		for _, pl := range pls {
			st := line(pl.LineID)
			if st == nil {
				continue
			}
			plLine[pl.ID] = pl.LineID
			st.OrderedE2 += pl.QuantityE2
			st.ReceivedE2 += pl.ReceivedE2
			if pl.Status != MPOReceived && pl.ReceivedE2 < pl.QuantityE2 {
				eta := pl.ETA
				if eta == "" {
					eta = pl.PromisedDate
				}
				if eta > st.ETA {
					st.ETA = eta
				}
			}
		}
		if len(plLine) == 0 {
			return nil
		}
		var rcs []MaterialReceipt
		if err := tx.Where("po_id IN (?)", pos).Order("id").Find(&rcs).Error; err != nil {
			return err
		}
		var insps []MaterialInspection
		if err := tx.Where("po_line_id IN (?)", tx.Table("material_po_lines").Select("id").Where("po_id IN (?)", pos)).
			Order("id").Find(&insps).Error; err != nil {
			return err
		}
		rcByLine := map[int64][]MaterialReceipt{}
		for _, r := range rcs {
			rcByLine[r.POLineID] = append(rcByLine[r.POLineID], r)
		}
		inByLine := map[int64][]MaterialInspection{}
		for _, in := range insps {
			inByLine[in.POLineID] = append(inByLine[in.POLineID], in)
		}
		for plID, lineID := range plLine {
			st := line(lineID)
			g := governing(rcByLine[plID], inByLine[plID])
			for _, r := range rcByLine[plID] {
				if r.Handling != HandlingAccepted {
					continue
				}
				switch in := g[r.ID]; {
				case in == nil:
					st.PendingE2 += r.QuantityE2
				case lotBlocked(in):
					st.Failed = true
				default:
					st.PassedE2 += r.QuantityE2
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("material readiness: %w", err)
	}
	return out, nil
}

// MaterialReadiness is an order's material readiness and each line's, on
// its factory's today, over every row of the order.
func (s *Store) MaterialReadiness(ctx context.Context, orderID int64) (*OrderReadiness, map[int64]LineReadiness, error) {
	return s.MaterialReadinessAs(ctx, orderID, Scope{})
}

// MaterialReadinessAs is MaterialReadiness over the rows a scope owns (a
// factory's view: the rows written for its own supplier).
func (s *Store) MaterialReadinessAs(ctx context.Context, orderID int64, sc Scope) (*OrderReadiness, map[int64]LineReadiness, error) {
	return materialReadinessTx(s.conn(ctx), orderID, sc, s.clock.Now())
}

func materialReadinessTx(tx *gorm.DB, orderID int64, sc Scope, now time.Time) (*OrderReadiness, map[int64]LineReadiness, error) {
	states, err := loadMaterialStates(tx, []int64{orderID}, sc)
	if err != nil {
		return nil, nil, err
	}
	var zone []string
	if err := tx.Table("orders o").Joins("JOIN suppliers sp ON sp.id = o.supplier_id").Where("o.id = ?", orderID).
		Pluck("sp.time_zone", &zone).Error; err != nil {
		return nil, nil, fmt.Errorf("material readiness of order %d: %w", orderID, err)
	}
	today := ""
	if len(zone) == 1 {
		today = TodayIn(now.UTC(), zone[0])
	}
	or, per := OrderReadinessOf(states[orderID], today)
	return &or, per, nil
}

// riskMaterial is the engine's material input of a line state.
func riskMaterial(st MaterialLineState) risk.Material {
	lr := LineReadinessOf(st, "")
	return risk.Material{Item: st.Name, NeededBy: st.NeededBy, ETA: st.ETA, Ready: lr.Status == ReadyReady,
		Failed: lr.Status == ReadyFailed}
}

// notReadyItems is the names of an order's blocking lines, for a warning.
func notReadyItems(or *OrderReadiness) string {
	names := make([]string, 0, len(or.Blocking))
	for _, b := range or.Blocking {
		names = append(names, b.Name)
	}
	return strings.Join(names, ", ")
}

// startsCutting reports whether progress on a step starts cutting: the step
// coded cutting, or one counting cut or produced pieces.
func startsCutting(ms *Milestone) bool {
	return ms.Code == "cutting" || ms.QuantityKind == "cut" || ms.QuantityKind == "produced"
}

// warnMaterialsNotReady: a report on the cutting step while the order's
// materials are not ready is still recorded; its answer warns
// material_not_ready {items} and the merchandiser is told.
func warnMaterialsNotReady(tx *gorm.DB, now time.Time, o *Order, ms *Milestone, rep *ProgressReport, actor int64) error {
	if !startsCutting(ms) {
		return nil
	}
	or, _, err := materialReadinessTx(tx, o.ID, Scope{}, now)
	if err != nil {
		return err
	}
	if or.Status == OrderReadyNone || or.Status == OrderReadyReady {
		return nil
	}
	items := notReadyItems(or)
	rep.Warnings = append(rep.Warnings, ReportWarning{Code: NotifyMaterialNotReady, Params: map[string]any{"items": items}})
	mid := o.MerchandiserID
	return addNotification(tx, now, Notification{UserID: &mid, ActorID: &actor, Kind: NotifyMaterialNotReady, OrderID: o.ID},
		map[string]any{"items": items, "step": ms.Name, "step_en": ms.NameEn})
}

// MaterialLineName is a requirement line as the readiness screen lists it.
type MaterialLineName struct {
	ID         int64
	Name       string
	RequiredE2 int64 `gorm:"column:required_e2"`
}

// MaterialLineNames lists an order's requirement lines in position order,
// the rows the scope owns.
func (s *Store) MaterialLineNames(ctx context.Context, orderID int64, sc Scope) ([]MaterialLineName, error) {
	var out []MaterialLineName
	q := s.conn(ctx).Table("material_lines").Select("id, name, required_e2").Where("order_id = ?", orderID)
	err := sc.ownRows(q).Order("position, id").Scan(&out).Error
	return out, err
}
