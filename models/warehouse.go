package models

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Warehouse is a delivery point that receives goods at a limited dock
// capacity per day: bookings and cartons, and CBM when CapCBMMilli is set
// (CBM × 1000). ClosedWeekdays (JSON, 0 = Sunday) and the closures are days
// it takes no delivery. Dates are calendar days in its TimeZone.
type Warehouse struct {
	ID             int64 `gorm:"primaryKey"`
	Code           string
	Name           string
	Address        string
	TimeZone       string
	CapBookings    int
	CapCartons     int
	CapCBMMilli    *int64 `gorm:"column:cap_cbm_milli"`
	ClosedWeekdays string // JSON array
	Active         bool
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Closures       []WarehouseClosure `gorm:"-"`
}

// WarehouseClosure is a range of days a warehouse is closed (a holiday
// such as the Spring Festival week), both ends included.
type WarehouseClosure struct {
	ID          int64  `gorm:"primaryKey" json:"-"`
	WarehouseID int64  `json:"-"`
	DateFrom    string `json:"from"`
	DateTo      string `json:"to"`
	Reason      string `json:"reason"`
}

// WarehouseDay is what a warehouse's live bookings hold on one day. Only
// takeSlot and releaseSlot change it, by conditional updates.
type WarehouseDay struct {
	ID          int64 `gorm:"primaryKey"`
	WarehouseID int64
	Date        string
	Bookings    int
	Cartons     int
	CBMMilli    int64 `gorm:"column:cbm_milli"`
}

// Weekdays decodes the closed weekdays.
func (w *Warehouse) Weekdays() []int {
	var out []int
	_ = json.Unmarshal([]byte(w.ClosedWeekdays), &out)
	if out == nil {
		out = []int{}
	}
	return out
}

// ClosedOn says whether the warehouse takes no delivery on date, and why:
// "weekly" for a weekly day off, else the closure's reason (or "closed").
func (w *Warehouse) ClosedOn(date string) (bool, string) {
	for _, c := range w.Closures {
		if date >= c.DateFrom && date <= c.DateTo {
			if c.Reason == "" {
				return true, "closed"
			}
			return true, c.Reason
		}
	}
	if t, ok := ParseDate(date); ok && slices.Contains(w.Weekdays(), int(t.Weekday())) {
		return true, "weekly"
	}
	return false, ""
}

// WarehouseInput is a new warehouse, or with Patch the fields to change
// (nil: unchanged; Closures replace the list).
type WarehouseInput struct {
	Code           *string
	Name           *string
	Address        *string
	TimeZone       *string
	CapBookings    *int
	CapCartons     *int
	CapCBMMilli    **int64
	ClosedWeekdays *[]int
	Closures       *[]WarehouseClosure
	Active         *bool
}

var warehouseCodeRe = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_-]{1,39}$`)

// MaxWarehouseCapacity bounds the capacities an admin can set.
const MaxWarehouseCapacity = 1_000_000

func (w *Warehouse) apply(in WarehouseInput) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&w.Code, in.Code)
	w.Code = strings.ToUpper(w.Code)
	set(&w.Name, in.Name)
	set(&w.Address, in.Address)
	set(&w.TimeZone, in.TimeZone)
	if in.CapBookings != nil {
		w.CapBookings = *in.CapBookings
	}
	if in.CapCartons != nil {
		w.CapCartons = *in.CapCartons
	}
	if in.CapCBMMilli != nil {
		w.CapCBMMilli = *in.CapCBMMilli
	}
	if in.ClosedWeekdays != nil {
		days := slices.Clone(*in.ClosedWeekdays)
		slices.Sort(days)
		days = slices.Compact(days)
		b, _ := json.Marshal(days)
		w.ClosedWeekdays = string(b)
	}
	if in.Closures != nil {
		w.Closures = slices.Clone(*in.Closures)
	}
	if in.Active != nil {
		w.Active = *in.Active
	}
}

func (w *Warehouse) validate() error {
	v := &ValidationError{}
	if !warehouseCodeRe.MatchString(w.Code) {
		v.Add("code", "invalid_code", "min", 2, "max", 40, "allowed", "A-Z 0-9 - _")
	}
	checkText(v, "name", w.Name, true, 200)
	checkText(v, "address", w.Address, false, 500)
	if _, ok := LoadZone(w.TimeZone); !ok {
		v.Add("time_zone", "unknown_time_zone", "example", DefaultTimeZone)
	}
	if w.CapBookings < 1 || w.CapBookings > MaxWarehouseCapacity {
		v.Add("capacity.bookings", "out_of_range", "min", 1, "max", MaxWarehouseCapacity)
	}
	if w.CapCartons < 1 || w.CapCartons > MaxWarehouseCapacity {
		v.Add("capacity.cartons", "out_of_range", "min", 1, "max", MaxWarehouseCapacity)
	}
	if w.CapCBMMilli != nil && (*w.CapCBMMilli < 1 || *w.CapCBMMilli > MaxWarehouseCapacity*1000) {
		v.Add("capacity.cbm", "out_of_range", "min", 0.001, "max", MaxWarehouseCapacity)
	}
	for _, d := range w.Weekdays() {
		if d < 0 || d > 6 {
			v.Add("closed_weekdays", "out_of_range", "min", 0, "max", 6)
			break
		}
	}
	if len(w.Weekdays()) == 7 {
		v.Add("closed_weekdays", "all_days_closed")
	}
	if len(w.Closures) > 200 {
		v.Add("closures", "too_many", "max", 200)
	}
	for i, c := range w.Closures {
		p := fmt.Sprintf("closures[%d].", i)
		okFrom := checkDate(v, p+"from", c.DateFrom, true)
		okTo := checkDate(v, p+"to", c.DateTo, true)
		if okFrom && okTo && c.DateTo < c.DateFrom {
			v.Add(p+"to", "before_from", "from", c.DateFrom)
		}
		checkText(v, p+"reason", c.Reason, false, 200)
	}
	return v.Err()
}

// CreateWarehouse validates and inserts a warehouse with its closures.
func (s *Store) CreateWarehouse(ctx context.Context, in WarehouseInput) (*Warehouse, error) {
	w := &Warehouse{ClosedWeekdays: "[]", Active: true, TimeZone: DefaultTimeZone}
	w.apply(in)
	if err := w.validate(); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	w.CreatedAt, w.UpdatedAt = now, now
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(w).Error; err != nil {
			if isDuplicate(err) {
				return Invalid("code", "already_used")
			}
			return fmt.Errorf("create warehouse: %w", err)
		}
		return saveClosures(tx, w)
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

func saveClosures(tx *gorm.DB, w *Warehouse) error {
	if err := tx.Where("warehouse_id = ?", w.ID).Delete(&WarehouseClosure{}).Error; err != nil {
		return err
	}
	for i := range w.Closures {
		w.Closures[i].ID, w.Closures[i].WarehouseID = 0, w.ID
	}
	if len(w.Closures) == 0 {
		w.Closures = []WarehouseClosure{}
		return nil
	}
	return tx.Create(&w.Closures).Error
}

// UpdateWarehouse applies a patch (the code stays).
func (s *Store) UpdateWarehouse(ctx context.Context, id int64, in WarehouseInput) (*Warehouse, error) {
	var out *Warehouse
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		w, err := getWarehouse(tx, id)
		if err != nil {
			return err
		}
		in.Code = nil
		w.apply(in)
		if err := w.validate(); err != nil {
			return err
		}
		w.UpdatedAt = s.clock.Now()
		if err := tx.Select("*").Omit("id", "code", "created_at").Updates(w).Error; err != nil {
			return fmt.Errorf("update warehouse %d: %w", id, err)
		}
		if in.Closures != nil {
			if err := saveClosures(tx, w); err != nil {
				return err
			}
		}
		out = w
		return nil
	})
	return out, err
}

func getWarehouse(tx *gorm.DB, id int64) (*Warehouse, error) {
	var w Warehouse
	if err := tx.First(&w, id).Error; err != nil {
		return nil, notFound(err)
	}
	if err := tx.Where("warehouse_id = ?", id).Order("date_from, id").Find(&w.Closures).Error; err != nil {
		return nil, err
	}
	return &w, nil
}

// GetWarehouse loads a warehouse with its closures.
func (s *Store) GetWarehouse(ctx context.Context, id int64) (*Warehouse, error) {
	return getWarehouse(s.conn(ctx), id)
}

// ListWarehouses lists warehouses by code (active ones unless all).
func (s *Store) ListWarehouses(ctx context.Context, all bool) ([]Warehouse, error) {
	q := s.conn(ctx).Order("code")
	if !all {
		q = q.Where("active = ?", true)
	}
	var ws []Warehouse
	if err := q.Find(&ws).Error; err != nil {
		return nil, err
	}
	var cs []WarehouseClosure
	if err := s.conn(ctx).Order("date_from, id").Find(&cs).Error; err != nil {
		return nil, err
	}
	by := map[int64][]WarehouseClosure{}
	for _, c := range cs {
		by[c.WarehouseID] = append(by[c.WarehouseID], c)
	}
	for i := range ws {
		ws[i].Closures = nonNilSlice(by[ws[i].ID])
	}
	return ws, nil
}

// WarehouseNames maps warehouse ids to their code, name and time zone.
func (s *Store) WarehouseNames(ctx context.Context, ids []int64) (map[int64]Warehouse, error) {
	return lookupBy(ctx, s, "warehouses", uniq(ids), []string{"id", "code", "name", "time_zone"}, in[int64]("id"),
		func(w Warehouse) int64 { return w.ID })
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// DayLoad is what a booking takes from its day.
type DayLoad struct {
	Cartons  int
	CBMMilli int64
}

// DayAvailability is one day of a warehouse's calendar.
type DayAvailability struct {
	Date         string
	Closed       bool
	ClosedReason string
	Past         bool
	Booked       WarehouseDay
	// Full says one more booking (of no cartons) would not fit.
	Full bool
}

// MaxAvailabilityDays bounds an availability query.
const MaxAvailabilityDays = 92

// WarehouseToday is today's date at the warehouse.
func (s *Store) WarehouseToday(w *Warehouse) string { return TodayIn(s.clock.Now(), w.TimeZone) }

// Availability lists from…to (both included) with what is booked and left.
func (s *Store) Availability(ctx context.Context, w *Warehouse, from, to string) ([]DayAvailability, error) {
	start, ok1 := ParseDate(from)
	end, ok2 := ParseDate(to)
	if !ok1 || !ok2 || end.Before(start) {
		return nil, Invalid("to", "before_from", "from", from)
	}
	if int(end.Sub(start).Hours()/24)+1 > MaxAvailabilityDays {
		return nil, Invalid("to", "range_too_long", "max", MaxAvailabilityDays)
	}
	var rows []WarehouseDay
	if err := s.conn(ctx).Where("warehouse_id = ? AND date BETWEEN ? AND ?", w.ID, from, to).Find(&rows).Error; err != nil {
		return nil, err
	}
	by := map[string]WarehouseDay{}
	for _, r := range rows {
		by[r.Date] = r
	}
	today := s.WarehouseToday(w)
	var out []DayAvailability
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		date := d.Format(DateLayout)
		closed, why := w.ClosedOn(date)
		b := by[date]
		out = append(out, DayAvailability{Date: date, Closed: closed, ClosedReason: why, Past: date < today, Booked: b,
			Full: !w.fits(b, DayLoad{})})
	}
	return out, nil
}

// fits says whether one more booking with load fits a day holding b.
func (w *Warehouse) fits(b WarehouseDay, load DayLoad) bool {
	if b.Bookings+1 > w.CapBookings || b.Cartons+load.Cartons > w.CapCartons {
		return false
	}
	return w.CapCBMMilli == nil || b.CBMMilli+load.CBMMilli <= *w.CapCBMMilli
}

// takeSlot books load into the warehouse's day inside tx, or refuses with
// 409 slot_full. The day's counter row exists already (ensureDay, run
// before the transaction); one conditional UPDATE adds the load only while
// it fits: the row count is the answer, and the row lock it takes
// serialises concurrent bookings of the day on MySQL, as SQLite's single
// writer does.
func (s *Store) takeSlot(tx *gorm.DB, w *Warehouse, date string, load DayLoad) error {
	q := tx.Model(&WarehouseDay{}).Where("warehouse_id = ? AND date = ?", w.ID, date).
		Where("bookings + 1 <= ? AND cartons + ? <= ?", w.CapBookings, load.Cartons, w.CapCartons)
	if w.CapCBMMilli != nil {
		q = q.Where("cbm_milli + ? <= ?", load.CBMMilli, *w.CapCBMMilli)
	}
	res := q.Updates(map[string]any{"bookings": gorm.Expr("bookings + 1"), "cartons": gorm.Expr("cartons + ?", load.Cartons),
		"cbm_milli": gorm.Expr("cbm_milli + ?", load.CBMMilli)})
	if res.Error != nil {
		return fmt.Errorf("take slot: %w", res.Error)
	}
	if res.RowsAffected == 1 {
		return nil
	}
	next, err := s.nextFreeDays(tx, w, date, load, 3)
	if err != nil {
		return err
	}
	return Conflict("slot_full", "date", date, "next_free", strings.Join(next, ", "))
}

// ensureDay creates a day's counter row if missing, in its own statement
// outside the booking's transaction: concurrent INSERT IGNOREs of one key
// inside transactions that then update the row deadlock on MySQL; a unique
// key makes concurrent creators agree on one row.
func (s *Store) ensureDay(ctx context.Context, warehouseID int64, date string) error {
	tx := s.conn(ctx)
	var sql string
	if s.dialect == MySQL {
		sql = "INSERT IGNORE INTO warehouse_days (warehouse_id, date, bookings, cartons, cbm_milli) VALUES (?, ?, 0, 0, 0)"
	} else {
		sql = "INSERT INTO warehouse_days (warehouse_id, date, bookings, cartons, cbm_milli) VALUES (?, ?, 0, 0, 0) ON CONFLICT DO NOTHING"
	}
	return tx.Exec(sql, warehouseID, date).Error
}

// releaseSlot gives a booking's load back to its day.
func releaseSlot(tx *gorm.DB, warehouseID int64, date string, load DayLoad) error {
	return tx.Model(&WarehouseDay{}).Where("warehouse_id = ? AND date = ?", warehouseID, date).
		Updates(map[string]any{"bookings": gorm.Expr("bookings - 1"), "cartons": gorm.Expr("cartons - ?", load.Cartons),
			"cbm_milli": gorm.Expr("cbm_milli - ?", load.CBMMilli)}).Error
}

// nextFreeDays lists up to n open days after date (within 60 days) where
// load still fits.
func (s *Store) nextFreeDays(tx *gorm.DB, w *Warehouse, date string, load DayLoad, n int) ([]string, error) {
	start, ok := ParseDate(date)
	if !ok {
		return nil, nil
	}
	if today, _ := ParseDate(s.WarehouseToday(w)); start.Before(today) {
		start = today.AddDate(0, 0, -1)
	}
	from, to := start.AddDate(0, 0, 1).Format(DateLayout), start.AddDate(0, 0, 60).Format(DateLayout)
	var rows []WarehouseDay
	if err := tx.Where("warehouse_id = ? AND date BETWEEN ? AND ?", w.ID, from, to).Find(&rows).Error; err != nil {
		return nil, err
	}
	by := map[string]WarehouseDay{}
	for _, r := range rows {
		by[r.Date] = r
	}
	out := []string{}
	for d := start.AddDate(0, 0, 1); len(out) < n && d.Format(DateLayout) <= to; d = d.AddDate(0, 0, 1) {
		day := d.Format(DateLayout)
		if closed, _ := w.ClosedOn(day); !closed && w.fits(by[day], load) {
			out = append(out, day)
		}
	}
	return out, nil
}
