package models

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"gendan/models/risk"
)

// The risk of every live order is kept on its row (risk_* columns,
// migration 00012) so that the dashboard reads and sorts rows instead of
// evaluating orders. It is written in two ways only:
//
//   - refreshRisk, in the transaction of every write that changes one of
//     its inputs (a report, a step, a sample round, an inspection, a
//     delivery, the order itself), as of that write's clock;
//   - the daily sweep (RecomputeRiskZone, run once per time zone and
//     factory day by worker.RiskSweep), because days pass without writes.
//
// Both load their inputs with loadRiskInputs and evaluate with
// risk.Evaluate. The server tests check after each test that every order's
// stored risk is what its inputs give at its computed_at (CheckRisks).

// riskOutputDays is how far back quantity reports are read for the output
// rate: enough for the window's reporting days with weekends and holidays.
const riskOutputDays = 45

var riskCfg atomic.Pointer[risk.Config]

// SetRiskConfig sets the thresholds (cmd/gendan, from GENDAN_RISK_*); zero
// fields keep their defaults.
func SetRiskConfig(c risk.Config) {
	n := c.Normalize()
	riskCfg.Store(&n)
}

// RiskConfig is the thresholds in force.
func RiskConfig() risk.Config {
	if c := riskCfg.Load(); c != nil {
		return *c
	}
	return risk.DefaultConfig()
}

// riskOrder is the part of an order the engine reads.
type riskOrder struct {
	ID             int64
	SupplierID     int64
	Status         string
	ExFactoryDate  string
	TotalQuantity  int
	ConfirmedAt    *time.Time
	LastReportDate string
	// The risk stored now, which a recomputation compares with.
	RiskLevel, RiskProjectedDate, RiskReasons string
	RiskScore, RiskSlackDays                  int
}

func (o *riskOrder) stored() riskRow {
	return riskRow{Level: o.RiskLevel, Projected: o.RiskProjectedDate, Reasons: o.RiskReasons, Score: o.RiskScore, Slack: o.RiskSlackDays}
}

// riskColumns are the orders columns riskOrder reads.
var riskColumns = []string{"id", "supplier_id", "status", "ex_factory_date", "total_quantity", "confirmed_at", "last_report_date",
	"risk_level", "risk_projected_date", "risk_reasons", "risk_score", "risk_slack_days"}

// SupplierCalendar is a factory's working calendar as risk counts it.
func SupplierCalendar(sp *Supplier) risk.Calendar {
	c := risk.Calendar{}
	if loc, ok := LoadZone(sp.TimeZone); ok {
		c.Zone = loc
	}
	for _, d := range sp.DaysOff {
		if d >= 0 && d <= 6 {
			c.DaysOff = append(c.DaysOff, time.Weekday(d))
		}
	}
	for _, h := range sp.Holidays {
		c.Holidays = append(c.Holidays, risk.DateRange{From: h.From, To: h.To})
	}
	return c
}

// suppliersWithCalendars loads suppliers' names, time zones and working
// calendars by id.
func suppliersWithCalendars(tx *gorm.DB, ids []int64) (map[int64]Supplier, error) {
	out := make(map[int64]Supplier, 8)
	err := chunks(uniq(ids), func(part []int64) error {
		var rows []Supplier
		if err := tx.Select("id", "code", "name", "name_en", "time_zone", "days_off", "holidays").Where("id IN ?", part).Find(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			out[r.ID] = r
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("suppliers: %w", err)
	}
	return out, nil
}

// loadRiskInputs reads the engine's inputs for orders in a few queries
// (each IN (…) at most inChunk ids), keyed by order id.
func loadRiskInputs(tx *gorm.DB, orders []riskOrder, now time.Time) (map[int64]*risk.Input, error) {
	return loadRiskInputsWith(tx, orders, now, nil)
}

// loadRiskInputsWith is loadRiskInputs with the suppliers' calendars
// already read (nil: read them).
func loadRiskInputsWith(tx *gorm.DB, orders []riskOrder, now time.Time, known map[int64]risk.Calendar) (map[int64]*risk.Input, error) {
	out := make(map[int64]*risk.Input, len(orders))
	ids := make([]int64, 0, len(orders))
	supIDs := make([]int64, 0, 8)
	for i := range orders {
		o := &orders[i]
		in := &risk.Input{OrderStatus: o.Status, ExFactory: o.ExFactoryDate, Quantity: o.TotalQuantity,
			LastReport: o.LastReportDate, Now: now}
		out[o.ID] = in
		ids = append(ids, o.ID)
		supIDs = append(supIDs, o.SupplierID)
	}
	cals := known
	if cals == nil {
		sps, err := suppliersWithCalendars(tx, supIDs)
		if err != nil {
			return nil, fmt.Errorf("risk inputs: %w", err)
		}
		cals = make(map[int64]risk.Calendar, len(sps))
		for id, sp := range sps {
			cals[id] = SupplierCalendar(&sp)
		}
	}
	for i := range orders {
		in := out[orders[i].ID]
		in.Calendar = cals[orders[i].SupplierID]
		if c := orders[i].ConfirmedAt; c != nil { // the factory's date of it
			in.Confirmed = in.Calendar.Today(*c)
		}
	}
	since := AddDays(now.UTC().Format(DateLayout), -riskOutputDays)
	stepCode := map[int64]string{}
	var withLines []int64 // orders with material lines
	err := chunks(ids, func(part []int64) error {
		if err := loadRiskSteps(tx, part, func(id, oid int64, st risk.Step) {
			stepCode[id] = st.Code
			out[oid].Steps = append(out[oid].Steps, st)
		}); err != nil {
			return fmt.Errorf("steps: %w", err)
		}
		// Quantity reports, sample rounds, inspections, deliveries, open
		// corrective actions and whether there are material lines, in one
		// statement of one shape: a write pays a round trip per query.
		return scanRows(tx, `SELECT order_id, 'r' AS k, milestone_id AS id, '' AS a, '' AS b, '' AS c, report_date AS d, quantity AS n
 FROM progress_reports WHERE order_id IN ? AND quantity IS NOT NULL AND report_date >= ?
UNION ALL SELECT order_id, 's', id, sample_type, status, '', '', round_no FROM sample_rounds WHERE order_id IN ?
UNION ALL SELECT order_id, 'i', id, type, status, result, date, 0 FROM inspections WHERE order_id IN ?
UNION ALL SELECT order_id, 'd', id, status, date, '', '', quantity FROM deliveries WHERE order_id IN ?
UNION ALL SELECT order_id, 'c', id, due_date, '', '', '', 0 FROM capas WHERE order_id IN ? AND status = ?
UNION ALL SELECT DISTINCT order_id, 'm', 0, '', '', '', '', 0 FROM material_lines WHERE order_id IN ?
ORDER BY 2, 7, 3`, []any{part, since, part, part, part, part, CAPAOpen, part}, func(r *sql.Rows) error {
			var oid, id int64
			var k, a, b, c, d string
			var n int
			if err := r.Scan(&oid, &k, &id, &a, &b, &c, &d, &n); err != nil {
				return err
			}
			in := out[oid]
			switch k {
			case "r": // id is the step's; reports by date (then step)
				in.Reports = append(in.Reports, risk.Report{Step: stepCode[id], Date: d, Quantity: n})
			case "s":
				in.Samples = append(in.Samples, risk.Sample{Type: a, Status: b, RoundNo: n})
			case "i":
				in.Inspections = append(in.Inspections, risk.Inspection{Type: a, Status: b, Result: c, Date: d})
			case "d":
				in.Deliveries = append(in.Deliveries, risk.Delivery{Status: a, Date: b, Quantity: n})
			case "c": // by id
				in.CAPAs = append(in.CAPAs, risk.CAPA{ID: id, DueDate: a})
			case "m":
				withLines = append(withLines, oid)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("risk inputs: %w", err)
	}
	// Material readiness (material_ready.go): a few queries per chunk, only
	// for the orders that have requirement lines.
	if len(withLines) > 0 {
		mats, err := loadMaterialStates(tx, withLines, Scope{})
		if err != nil {
			return nil, fmt.Errorf("risk inputs: %w", err)
		}
		for oid, lines := range mats {
			for _, st := range lines {
				out[oid].Materials = append(out[oid].Materials, riskMaterial(st))
			}
		}
	}
	return out, nil
}

// scanRows runs a query and calls fn for each row.
func scanRows(tx *gorm.DB, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := tx.Raw(q, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// riskRow is a result as the orders row keeps it.
type riskRow struct {
	Level, Projected, Reasons string
	Score, Slack              int
}

// maxReasonsJSON is the size of orders.risk_reasons on MySQL.
const maxReasonsJSON = 2000

func riskRowOf(r risk.Result) riskRow {
	reasons := r.Reasons
	if reasons == nil {
		reasons = []risk.Reason{}
	}
	b, _ := json.Marshal(reasons)
	for len(b) > maxReasonsJSON && len(reasons) > 0 { // keep the worst that fit
		reasons = reasons[:len(reasons)-1]
		b, _ = json.Marshal(reasons)
	}
	return riskRow{Level: string(r.Level), Projected: r.Projected, Reasons: string(b), Score: r.Score, Slack: r.SlackDays}
}

// evaluateRisk is the engine's answer for one order's inputs.
func evaluateRisk(in *risk.Input) riskRow {
	return riskRowOf(risk.Evaluate(*in, RiskConfig()))
}

// refreshRisk recomputes and stores one order's risk as of now, in the
// transaction of the write that changed its inputs.
func refreshRisk(tx *gorm.DB, orderID int64, now time.Time) error {
	// The order and its supplier's calendar in one read.
	var row struct {
		Order                               riskOrder `gorm:"embedded"`
		TimeZone, DaysOffJSON, HolidaysJSON string
	}
	cols := make([]string, 0, len(riskColumns)+3)
	for _, c := range riskColumns {
		cols = append(cols, "o."+c)
	}
	cols = append(cols, "sp.time_zone", "sp.days_off AS days_off_json", "sp.holidays AS holidays_json")
	if err := tx.Table("orders o").Joins("JOIN suppliers sp ON sp.id = o.supplier_id").Select(cols).
		Where("o.id = ?", orderID).Take(&row).Error; err != nil {
		return fmt.Errorf("refresh risk of order %d: %w", orderID, err)
	}
	o := row.Order
	sp := Supplier{ID: o.SupplierID, TimeZone: row.TimeZone, DaysOffJSON: row.DaysOffJSON, HolidaysJSON: row.HolidaysJSON}
	if err := sp.AfterFind(tx); err != nil {
		return err
	}
	ins, err := loadRiskInputsWith(tx, []riskOrder{o}, now, map[int64]risk.Calendar{o.SupplierID: SupplierCalendar(&sp)})
	if err != nil {
		return err
	}
	r := evaluateRisk(ins[o.ID])
	// UpdateColumns: the risk is derived, not an edit of the order, so
	// updated_at stays.
	if err := tx.Model(&Order{}).Where("id = ?", orderID).UpdateColumns(map[string]any{
		"risk_level": r.Level, "risk_score": r.Score, "risk_projected_date": r.Projected, "risk_slack_days": r.Slack,
		"risk_reasons": r.Reasons, "risk_computed_at": now}).Error; err != nil {
		return fmt.Errorf("refresh risk of order %d: %w", orderID, err)
	}
	if o.ConfirmedAt != nil && now.Sub(*o.ConfirmedAt) < time.Second {
		// Confirmed in this very write: the merchandiser who confirmed it
		// sees its risk on the screen; a draft's level was never followed.
		return nil
	}
	return notifyRiskWorse(tx, now, []levelChange{{orderID, o.RiskLevel, r.Level}})
}

// levelChange is an order's risk level before and after a recomputation.
type levelChange struct {
	orderID  int64
	from, to string
}

// riskRank orders the levels from best to worst; done and unknown rank lowest.
var riskRank = map[string]int{string(risk.OnTrack): 1, string(risk.AtRisk): 2, string(risk.Late): 3}

// notifyRiskWorse tells each order's merchandiser that its risk got worse
// (on track → at risk → late). A first computation ("" before) says
// nothing: the order is new to its merchandiser anyway.
func notifyRiskWorse(tx *gorm.DB, now time.Time, changes []levelChange) error {
	var worse []levelChange
	for _, c := range changes {
		if c.from != "" && riskRank[c.to] > riskRank[c.from] && riskRank[c.from] > 0 {
			worse = append(worse, c)
		}
	}
	if len(worse) == 0 {
		return nil
	}
	ids := make([]int64, len(worse))
	for i, c := range worse {
		ids[i] = c.orderID
	}
	var owners []struct{ ID, MerchandiserID int64 }
	if err := tx.Model(&Order{}).Select("id, merchandiser_id").Where("id IN ?", ids).Find(&owners).Error; err != nil {
		return err
	}
	merch := make(map[int64]int64, len(owners))
	for _, o := range owners {
		merch[o.ID] = o.MerchandiserID
	}
	for _, c := range worse {
		mid, ok := merch[c.orderID]
		if !ok {
			continue
		}
		if err := addNotification(tx, now, Notification{UserID: &mid, Kind: NotifyRiskWorse, OrderID: c.orderID},
			map[string]any{"from": c.from, "to": c.to}); err != nil {
			return err
		}
	}
	return nil
}

// RefreshRisk is refreshRisk in a transaction of its own (tests, fixtures
// written directly).
func (s *Store) RefreshRisk(ctx context.Context, orderIDs ...int64) error {
	now := s.clock.Now()
	return s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		for _, id := range orderIDs {
			if err := refreshRisk(tx, id, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// RiskZones lists the time zones of the suppliers that have live orders:
// the daily risk sweep runs once per zone and factory day.
func (s *Store) RiskZones(ctx context.Context) ([]string, error) {
	var zones []string
	err := s.conn(ctx).Model(&Supplier{}).Distinct("time_zone").
		Where("id IN (?)", s.conn(ctx).Model(&Order{}).Select("supplier_id").Where("status IN ?", liveOrderStatuses)).
		Order("time_zone").Pluck("time_zone", &zones).Error
	return zones, err
}

// RecomputeRiskZone recomputes and stores the risk of every live order
// whose supplier is in zone, as of now; it returns how many orders it
// computed.
func (s *Store) RecomputeRiskZone(ctx context.Context, zone string, now time.Time) (int, error) {
	return s.recomputeRisk(ctx, now, func(q *gorm.DB) *gorm.DB {
		return q.Where("supplier_id IN (?)", s.conn(ctx).Model(&Supplier{}).Select("id").Where("time_zone = ?", zone))
	})
}

// RecomputeAllRisk recomputes the risk of every live order as of now (a
// benchmark, and `gendan risk recompute`).
func (s *Store) RecomputeAllRisk(ctx context.Context, now time.Time) (int, error) {
	return s.recomputeRisk(ctx, now, func(q *gorm.DB) *gorm.DB { return q })
}

// riskBatch is how many orders one pass of the recomputation reads and
// writes together.
const riskBatch = 1000

// recomputeRisk walks the live orders that where selects by id, riskBatch at
// a time: their inputs in a few IN (…) queries, the engine in Go, and one
// UPDATE … CASE per inChunk orders, each batch in a transaction of its own
// so no lock is held long. A write committed between the read and the
// update of a batch is not lost for long: it refreshed the order itself,
// and the next sweep or write sets it right.
func (s *Store) recomputeRisk(ctx context.Context, now time.Time, where func(*gorm.DB) *gorm.DB) (int, error) {
	done := 0
	var after int64
	for {
		var orders []riskOrder
		q := where(s.conn(ctx).Model(&Order{}).Select(riskColumns).Where("status IN ? AND id > ?", liveOrderStatuses, after))
		if err := q.Order("id").Limit(riskBatch).Find(&orders).Error; err != nil {
			return done, fmt.Errorf("recompute risk: %w", err)
		}
		if len(orders) == 0 {
			return done, nil
		}
		after = orders[len(orders)-1].ID
		ins, err := loadRiskInputs(s.conn(ctx), orders, now)
		if err != nil {
			return done, err
		}
		var rows []riskUpdate
		var levels []levelChange
		ids := make([]int64, len(orders))
		for i := range orders {
			ids[i] = orders[i].ID
			if r := evaluateRisk(ins[orders[i].ID]); r != orders[i].stored() {
				rows = append(rows, riskUpdate{ID: orders[i].ID, Row: r})
				levels = append(levels, levelChange{orders[i].ID, orders[i].RiskLevel, r.Level})
			}
		}
		// Only the orders whose risk changed are rewritten; the others get
		// the new computed_at, their risk being what their inputs give at
		// it as well.
		if err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
			if err := chunks(ids, func(part []int64) error {
				return tx.Model(&Order{}).Where("id IN ?", part).UpdateColumn("risk_computed_at", now).Error
			}); err != nil {
				return err
			}
			if err := chunks(rows, func(part []riskUpdate) error { return writeRisks(tx, part, now) }); err != nil {
				return err
			}
			return notifyRiskWorse(tx, now, levels)
		}); err != nil {
			return done, fmt.Errorf("recompute risk: %w", err)
		}
		done += len(orders)
		if len(orders) < riskBatch {
			return done, nil
		}
	}
}

type riskUpdate struct {
	ID  int64
	Row riskRow
}

// writeRisks stores many orders' risk with one UPDATE … SET col = CASE id …
func writeRisks(tx *gorm.DB, rows []riskUpdate, now time.Time) error {
	cols := []struct {
		name string
		val  func(r *riskRow) any
	}{
		{"risk_level", func(r *riskRow) any { return r.Level }},
		{"risk_score", func(r *riskRow) any { return r.Score }},
		{"risk_projected_date", func(r *riskRow) any { return r.Projected }},
		{"risk_slack_days", func(r *riskRow) any { return r.Slack }},
		{"risk_reasons", func(r *riskRow) any { return r.Reasons }},
	}
	var b strings.Builder
	args := make([]any, 0, len(rows)*(2*len(cols)+1)+1)
	b.WriteString("UPDATE orders SET ")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.name + " = CASE id")
		for k := range rows {
			b.WriteString(" WHEN ? THEN ?")
			args = append(args, rows[k].ID, c.val(&rows[k].Row))
		}
		b.WriteString(" END")
	}
	b.WriteString(", risk_computed_at = ? WHERE id IN ?")
	ids := make([]int64, len(rows))
	for k := range rows {
		ids[k] = rows[k].ID
	}
	args = append(args, now, ids)
	return tx.Exec(b.String(), args...).Error
}

// StaleRisk is an order whose stored risk differs from what its inputs
// give at its computed_at.
type StaleRisk struct {
	OrderID      int64
	Stored, Want string
}

// CheckRisks lists the live orders whose stored risk is stale: none, if
// every write that changes an input refreshes it (server tests call this).
// An order is judged at its own computed_at, so a clock moved since does
// not count; a live order never computed is stale.
func (s *Store) CheckRisks(ctx context.Context) ([]StaleRisk, error) {
	var orders []Order
	if err := s.conn(ctx).Where("status IN ?", liveOrderStatuses).Find(&orders).Error; err != nil {
		return nil, err
	}
	var out []StaleRisk
	for _, o := range orders {
		stored := riskRow{Level: o.RiskLevel, Projected: o.RiskProjectedDate, Reasons: o.RiskReasons, Score: o.RiskScore, Slack: o.RiskSlackDays}
		if o.RiskComputedAt == nil {
			out = append(out, StaleRisk{OrderID: o.ID, Stored: "never computed"})
			continue
		}
		ro := riskOrder{ID: o.ID, SupplierID: o.SupplierID, Status: o.Status, ExFactoryDate: o.ExFactoryDate,
			TotalQuantity: o.TotalQuantity, ConfirmedAt: o.ConfirmedAt, LastReportDate: o.LastReportDate}
		ins, err := loadRiskInputs(s.conn(ctx), []riskOrder{ro}, *o.RiskComputedAt)
		if err != nil {
			return nil, err
		}
		if want := evaluateRisk(ins[o.ID]); want != stored {
			out = append(out, StaleRisk{OrderID: o.ID, Stored: fmt.Sprintf("%+v", stored), Want: fmt.Sprintf("%+v", want)})
		}
	}
	return out, nil
}

// OrderRisk is the risk kept on an order, as the API shows it.
type OrderRisk struct {
	Level      string
	Score      int
	Projected  string
	SlackDays  int
	Reasons    []risk.Reason
	ComputedAt *time.Time
}

// RiskOf reads the risk kept on an order row.
func RiskOf(o *Order) OrderRisk {
	r := OrderRisk{Level: o.RiskLevel, Score: o.RiskScore, Projected: o.RiskProjectedDate, SlackDays: o.RiskSlackDays,
		ComputedAt: o.RiskComputedAt, Reasons: []risk.Reason{}}
	if o.RiskReasons != "" {
		_ = json.Unmarshal([]byte(o.RiskReasons), &r.Reasons)
	}
	return r
}

const riskStepColumns = `id, order_id, position, code, name, name_en, status, planned_date, baseline_date,
  COALESCE(actual_date, ''), quantity_kind, quantity_done, sample_type, planned_late`

// loadRiskSteps reads the steps of orders for the engine. On SQLite each
// row comes as one json_array cell (order_read_sqlite.go says why: the
// pure-Go driver's cost is per cell, and a sweep reads 150,000 steps).
func loadRiskSteps(tx *gorm.DB, orderIDs []int64, fn func(id, orderID int64, st risk.Step)) error {
	if tx.Dialector.Name() != "sqlite" {
		return scanRows(tx, "SELECT "+riskStepColumns+" FROM milestones WHERE order_id IN ?", []any{orderIDs}, func(r *sql.Rows) error {
			var id, oid int64
			var st risk.Step
			if err := r.Scan(&id, &oid, &st.Position, &st.Code, &st.Name, &st.NameEn, &st.Status, &st.Planned, &st.Baseline,
				&st.Actual, &st.QuantityKind, &st.QuantityDone, &st.SampleType, &st.PlannedLate); err != nil {
				return err
			}
			fn(id, oid, st)
			return nil
		})
	}
	return scanRows(tx, "SELECT json_array("+riskStepColumns+") FROM milestones WHERE order_id IN ?", []any{orderIDs}, func(r *sql.Rows) error {
		var raw string
		if err := r.Scan(&raw); err != nil {
			return err
		}
		d := jsonRow{b: raw}
		if !d.open() {
			return fmt.Errorf("step row is not a JSON array: %.40q", raw)
		}
		id, oid := d.int(), d.int()
		st := risk.Step{Position: int(d.int()), Code: d.str(), Name: d.str(), NameEn: d.str(), Status: d.str(), Planned: d.str(),
			Baseline: d.str(), Actual: d.str(), QuantityKind: d.str(), QuantityDone: int(d.int()), SampleType: d.str(), PlannedLate: d.int() != 0}
		if d.err != nil || !d.close() {
			return fmt.Errorf("step row %.40q: %v", raw, d.err)
		}
		fn(id, oid, st)
		return nil
	})
}
