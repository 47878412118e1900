package models

import (
	"context"
	"encoding/json"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Supplier is a contracted factory: the tenant boundary for factory users.
// TimeZone is its IANA zone: the factory's "today" decides what is overdue.
type Supplier struct {
	ID           int64  `gorm:"primaryKey" json:"id"`
	Code         string `json:"code"`
	Name         string `json:"name"`
	NameEn       string `json:"name_en"`
	ContactName  string `json:"contact_name"`
	ContactPhone string `json:"contact_phone"`
	ContactEmail string `json:"contact_email"`
	Address      string `json:"address"`
	Active       bool   `json:"active"`
	TimeZone     string `json:"time_zone"`
	// ReducedInspectionAllowed is the responsible authority's consent to
	// reduced inspection of this supplier's lots (ISO 2859-1 9.3.3 c): the
	// switching rules go to reduced only with it.
	ReducedInspectionAllowed bool `json:"reduced_inspection_allowed"`
	// DaysOff (weekdays, 0 = Sunday) and Holidays are the factory's
	// working calendar, which risk counts days on; kept as JSON in the
	// days_off and holidays columns (AfterFind, BeforeSave).
	DaysOff      []int     `gorm:"-" json:"days_off"`
	Holidays     []Holiday `gorm:"-" json:"holidays"`
	DaysOffJSON  string    `gorm:"column:days_off" json:"-"`
	HolidaysJSON string    `gorm:"column:holidays" json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// AfterFind reads the calendar columns.
func (sp *Supplier) AfterFind(*gorm.DB) error {
	sp.DaysOff, sp.Holidays = []int{}, []Holiday{}
	if sp.DaysOffJSON != "" {
		if err := json.Unmarshal([]byte(sp.DaysOffJSON), &sp.DaysOff); err != nil {
			return fmt.Errorf("supplier %d days_off: %w", sp.ID, err)
		}
	}
	if sp.HolidaysJSON != "" {
		if err := json.Unmarshal([]byte(sp.HolidaysJSON), &sp.Holidays); err != nil {
			return fmt.Errorf("supplier %d holidays: %w", sp.ID, err)
		}
	}
	return nil
}

// BeforeSave writes the calendar columns; no days off is "[]".
func (sp *Supplier) BeforeSave(*gorm.DB) error {
	if sp.DaysOff == nil {
		sp.DaysOff = []int{}
	}
	if sp.Holidays == nil {
		sp.Holidays = []Holiday{}
	}
	d, _ := json.Marshal(sp.DaysOff)
	h, _ := json.Marshal(sp.Holidays)
	sp.DaysOffJSON, sp.HolidaysJSON = string(d), string(h)
	return nil
}

// Holiday is a range of days a factory does not work (春节, 国庆 …).
type Holiday struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Reason string `json:"reason"`
}

// maxHolidays bounds a factory's holiday list; maxHolidayDays one range.
const (
	maxHolidays    = 60
	maxHolidayDays = 62
)

func (sp *Supplier) checkCalendar(v *ValidationError) {
	if sp.DaysOff == nil {
		sp.DaysOff = []int{}
	}
	if sp.Holidays == nil {
		sp.Holidays = []Holiday{}
	}
	seen := map[int]bool{}
	for _, d := range sp.DaysOff {
		if d < 0 || d > 6 || seen[d] {
			v.Add("days_off", "invalid_weekdays", "min", 0, "max", 6)
			break
		}
		seen[d] = true
	}
	if len(seen) == 7 {
		v.Add("days_off", "all_days_closed")
	}
	slices.Sort(sp.DaysOff)
	if len(sp.Holidays) > maxHolidays {
		v.Add("holidays", "too_many", "max", maxHolidays)
		return
	}
	for i := range sp.Holidays {
		h := &sp.Holidays[i]
		f := fmt.Sprintf("holidays[%d].", i)
		h.Reason = strings.TrimSpace(h.Reason)
		okFrom := checkDate(v, f+"from", h.From, true)
		okTo := checkDate(v, f+"to", h.To, true)
		checkText(v, f+"reason", h.Reason, false, 100)
		switch {
		case !okFrom || !okTo:
		case h.To < h.From:
			v.Add(f+"to", "before_from")
		case AddDays(h.From, maxHolidayDays) < h.To:
			v.Add(f+"to", "range_too_long", "max", maxHolidayDays)
		}
	}
	slices.SortFunc(sp.Holidays, func(a, b Holiday) int { return strings.Compare(a.From, b.From) })
}

// SupplierPatch changes the fields that are not nil.
type SupplierPatch struct {
	Name         *string
	NameEn       *string
	ContactName  *string
	ContactPhone *string
	ContactEmail *string
	Address      *string
	Active       *bool
	TimeZone     *string
	// ReducedInspectionAllowed: see Supplier.
	ReducedInspectionAllowed *bool
	DaysOff                  *[]int
	Holidays                 *[]Holiday
}

// SupplierFilter selects suppliers; OnlyID restricts a factory user to its own.
type SupplierFilter struct {
	Page
	OnlyID *int64
	Query  string
	Active *bool
}

var supplierCodeRe = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_-]{1,31}$`)

func checkText(v *ValidationError, field, value string, required bool, max int) {
	n := utf8.RuneCountInString(strings.TrimSpace(value))
	switch {
	case required && n == 0:
		v.Add(field, "required")
	case n > max:
		v.Add(field, "too_long", "max", max)
	case !utf8.ValidString(value) || strings.ContainsRune(value, 0):
		v.Add(field, "invalid_chars")
	}
}

func checkEmail(v *ValidationError, field, value string, required bool) {
	if value == "" {
		if required {
			v.Add(field, "required")
		}
		return
	}
	a, err := mail.ParseAddress(value)
	if err != nil || a.Address != value || len(value) > 254 {
		v.Add(field, "invalid_email")
	}
}

func (sp *Supplier) validate() error {
	v := &ValidationError{}
	sp.Code = strings.ToUpper(strings.TrimSpace(sp.Code))
	if !supplierCodeRe.MatchString(sp.Code) {
		v.Add("code", "invalid_code", "min", 2, "max", 32, "allowed", "A-Z 0-9 - _")
	}
	sp.Name = strings.TrimSpace(sp.Name)
	checkText(v, "name", sp.Name, true, 200)
	checkText(v, "name_en", sp.NameEn, false, 200)
	checkText(v, "contact_name", sp.ContactName, false, 100)
	checkText(v, "contact_phone", sp.ContactPhone, false, 40)
	checkEmail(v, "contact_email", sp.ContactEmail, false)
	checkText(v, "address", sp.Address, false, 500)
	sp.TimeZone = strings.TrimSpace(sp.TimeZone)
	if _, ok := LoadZone(sp.TimeZone); !ok {
		v.Add("time_zone", "unknown_time_zone", "example", DefaultTimeZone)
	}
	sp.checkCalendar(v)
	return v.Err()
}

// CreateSupplier validates and inserts a supplier; a taken code is a 422 on "code".
func (s *Store) CreateSupplier(ctx context.Context, sp *Supplier) error {
	if sp.TimeZone == "" {
		sp.TimeZone = DefaultTimeZone
	}
	if err := sp.validate(); err != nil {
		return err
	}
	now := s.clock.Now()
	sp.ID, sp.CreatedAt, sp.UpdatedAt = 0, now, now
	if err := s.conn(ctx).Create(sp).Error; err != nil {
		if isDuplicate(err) {
			return Invalid("code", "already_used")
		}
		return fmt.Errorf("create supplier: %w", err)
	}
	return nil
}

// GetSupplier loads one supplier by id.
func (s *Store) GetSupplier(ctx context.Context, id int64) (*Supplier, error) {
	var sp Supplier
	if err := s.conn(ctx).First(&sp, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &sp, nil
}

// GetSupplierByCode loads one supplier by its code (case-insensitive).
func (s *Store) GetSupplierByCode(ctx context.Context, code string) (*Supplier, error) {
	var sp Supplier
	if err := s.conn(ctx).Where("code = ?", strings.ToUpper(strings.TrimSpace(code))).First(&sp).Error; err != nil {
		return nil, notFound(err)
	}
	return &sp, nil
}

// ListSuppliers pages through suppliers by id.
func (s *Store) ListSuppliers(ctx context.Context, f SupplierFilter) ([]Supplier, string, error) {
	limit, after, err := f.Page.Normalize()
	if err != nil {
		return nil, "", err
	}
	q := s.conn(ctx).Where("id > ?", after).Order("id").Limit(limit + 1)
	if f.OnlyID != nil {
		q = q.Where("id = ?", *f.OnlyID)
	}
	if f.Active != nil {
		q = q.Where("active = ?", *f.Active)
	}
	if t := strings.TrimSpace(f.Query); t != "" {
		like := "%" + escapeLike(t) + "%"
		q = q.Where("(code LIKE ? ESCAPE '!' OR name LIKE ? ESCAPE '!' OR name_en LIKE ? ESCAPE '!')", like, like, like)
	}
	var rows []Supplier
	if err := q.Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list suppliers: %w", err)
	}
	rows, next := pageOf(rows, limit, func(x Supplier) int64 { return x.ID })
	return rows, next, nil
}

// escapeLike escapes LIKE wildcards with '!' (portable between SQLite and MySQL).
func escapeLike(s string) string {
	r := strings.NewReplacer("!", "!!", "%", "!%", "_", "!_")
	return r.Replace(s)
}

// UpdateSupplier applies a patch and returns the updated supplier.
func (s *Store) UpdateSupplier(ctx context.Context, id int64, p SupplierPatch) (*Supplier, error) {
	sp, err := s.GetSupplier(ctx, id)
	if err != nil {
		return nil, err
	}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&sp.Name, p.Name)
	set(&sp.NameEn, p.NameEn)
	set(&sp.ContactName, p.ContactName)
	set(&sp.ContactPhone, p.ContactPhone)
	set(&sp.ContactEmail, p.ContactEmail)
	set(&sp.Address, p.Address)
	set(&sp.TimeZone, p.TimeZone)
	if p.Active != nil {
		sp.Active = *p.Active
	}
	if p.ReducedInspectionAllowed != nil {
		sp.ReducedInspectionAllowed = *p.ReducedInspectionAllowed
	}
	calendar := p.DaysOff != nil || p.Holidays != nil || p.TimeZone != nil
	if p.DaysOff != nil {
		sp.DaysOff = *p.DaysOff
	}
	if p.Holidays != nil {
		sp.Holidays = *p.Holidays
	}
	if err := sp.validate(); err != nil {
		return nil, err
	}
	sp.UpdatedAt = s.clock.Now()
	if err := s.conn(ctx).Select("*").Omit("id", "code", "created_at").Updates(sp).Error; err != nil {
		return nil, fmt.Errorf("update supplier %d: %w", id, err)
	}
	if calendar { // the working days risk counts on changed
		if _, err := s.recomputeRisk(ctx, sp.UpdatedAt, func(q *gorm.DB) *gorm.DB { return q.Where("supplier_id = ?", id) }); err != nil {
			return nil, err
		}
	}
	return sp, nil
}

// SupplierNames maps supplier ids to suppliers (id, code, names and time
// zone), for showing orders.
func (s *Store) SupplierNames(ctx context.Context, ids []int64) (map[int64]Supplier, error) {
	return lookupBy(ctx, s, "suppliers", uniq(ids), []string{"id", "code", "name", "name_en", "time_zone"}, in[int64]("id"),
		func(sp Supplier) int64 { return sp.ID })
}

// SuppliersByCode finds suppliers, active or not, by code (case-insensitive).
// The result is keyed by the upper-case code.
func (s *Store) SuppliersByCode(ctx context.Context, codes []string) (map[string]Supplier, error) {
	return lookupBy(ctx, s, "suppliers", wanted(codes, strings.ToUpper), []string{"id", "code", "name", "name_en", "active"},
		in[string]("code"), func(sp Supplier) string { return strings.ToUpper(sp.Code) })
}
