package models

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Material follow-up, part 1 (docs/MATERIALS.md): the material suppliers
// (master data), an order's material requirement (物料需求单) and how its
// quantities and needed-by dates follow the order.

// ---- decimals ----

// ParseDecimal reads a non-negative decimal string with at most places
// decimals ("1.35", "3", "1250.50") as an integer in 10^-places units.
func ParseDecimal(s string, places int) (int64, bool) {
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 12 || len(frac) > places || strings.HasSuffix(s, ".") {
		return 0, false
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	frac += strings.Repeat("0", places-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	return n, err == nil
}

// FormatDecimal writes v (in 10^-places units) with exactly places
// decimals: FormatDecimal(13500, 4) = "1.3500".
func FormatDecimal(v int64, places int) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	if places > 0 {
		if len(s) <= places {
			s = strings.Repeat("0", places-len(s)+1) + s
		}
		s = s[:len(s)-places] + "." + s[len(s)-places:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// ---- material suppliers ----

// MaterialSupplierInput creates or changes a material supplier (nil: unchanged).
type MaterialSupplierInput struct {
	Code, Name, NameEn, ContactName, ContactPhone, ContactEmail, Address *string
	Active                                                               *bool
}

var materialCodeRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$`)

func (in MaterialSupplierInput) apply(m *MaterialSupplier) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&m.Code, in.Code)
	set(&m.Name, in.Name)
	set(&m.NameEn, in.NameEn)
	set(&m.ContactName, in.ContactName)
	set(&m.ContactPhone, in.ContactPhone)
	set(&m.ContactEmail, in.ContactEmail)
	set(&m.Address, in.Address)
	if in.Active != nil {
		m.Active = *in.Active
	}
}

func (m *MaterialSupplier) validate() error {
	v := &ValidationError{}
	switch {
	case m.Code == "":
		v.Add("code", "required")
	case !materialCodeRe.MatchString(m.Code):
		v.Add("code", "invalid_code", "min", 1, "max", 32, "allowed", "A-Z a-z 0-9 . _ / -")
	}
	checkText(v, "name", m.Name, true, 200)
	checkText(v, "name_en", m.NameEn, false, 200)
	checkText(v, "contact_name", m.ContactName, false, 100)
	checkText(v, "contact_phone", m.ContactPhone, false, 40)
	checkEmail(v, "contact_email", m.ContactEmail, false)
	checkText(v, "address", m.Address, false, 500)
	return v.Err()
}

// saveMaterialSupplier writes m, refusing a code another supplier has
// (409 material_supplier_exists; compared case-insensitively, as MySQL's
// unique index does).
func (s *Store) saveMaterialSupplier(ctx context.Context, m *MaterialSupplier, create bool) error {
	if err := m.validate(); err != nil {
		return err
	}
	return s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&MaterialSupplier{}).Where("LOWER(code) = ? AND id <> ?", strings.ToLower(m.Code), m.ID).
			Count(&n).Error; err != nil {
			return fmt.Errorf("check material supplier code: %w", err)
		}
		if n > 0 {
			return Conflict("material_supplier_exists", "code", m.Code)
		}
		now := s.clock.Now()
		m.UpdatedAt = now
		var err error
		if create {
			m.CreatedAt = now
			err = tx.Create(m).Error
		} else {
			err = tx.Select("*").Omit("id", "created_at").Updates(m).Error
		}
		if isDuplicate(err) {
			return Conflict("material_supplier_exists", "code", m.Code)
		}
		if err != nil {
			return fmt.Errorf("save material supplier: %w", err)
		}
		return nil
	})
}

// CreateMaterialSupplier adds a material supplier (active unless said otherwise).
func (s *Store) CreateMaterialSupplier(ctx context.Context, in MaterialSupplierInput) (*MaterialSupplier, error) {
	m := &MaterialSupplier{Active: true}
	in.apply(m)
	if err := s.saveMaterialSupplier(ctx, m, true); err != nil {
		return nil, err
	}
	return m, nil
}

// UpdateMaterialSupplier changes the given fields of a material supplier.
func (s *Store) UpdateMaterialSupplier(ctx context.Context, id int64, in MaterialSupplierInput) (*MaterialSupplier, error) {
	m, err := s.GetMaterialSupplier(ctx, id)
	if err != nil {
		return nil, err
	}
	in.apply(m)
	if err := s.saveMaterialSupplier(ctx, m, false); err != nil {
		return nil, err
	}
	return m, nil
}

// GetMaterialSupplier loads one material supplier.
func (s *Store) GetMaterialSupplier(ctx context.Context, id int64) (*MaterialSupplier, error) {
	var m MaterialSupplier
	if err := s.conn(ctx).First(&m, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &m, nil
}

// ListMaterialSuppliers lists material suppliers by code: every one, or
// only the active ones.
func (s *Store) ListMaterialSuppliers(ctx context.Context, all bool) ([]MaterialSupplier, error) {
	q := s.conn(ctx).Order("code, id")
	if !all {
		q = q.Where("active = ?", true)
	}
	var out []MaterialSupplier
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list material suppliers: %w", err)
	}
	return out, nil
}

// MaterialSupplierNames loads material suppliers by id.
func (s *Store) MaterialSupplierNames(ctx context.Context, ids []int64) (map[int64]MaterialSupplier, error) {
	return materialSuppliersByID(s.conn(ctx), ids)
}

func materialSuppliersByID(tx *gorm.DB, ids []int64) (map[int64]MaterialSupplier, error) {
	out := map[int64]MaterialSupplier{}
	ids = uniq(ids)
	if len(ids) == 0 {
		return out, nil
	}
	var rows []MaterialSupplier
	if err := tx.Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("material suppliers: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r
	}
	return out, nil
}

// ---- requirement arithmetic ----

// maxConsumptionE4 bounds a consumption per piece (10,000 units).
const maxConsumptionE4 = 10_000 * 10_000

// maxRequiredE2 bounds a required quantity (10^12 units).
const maxRequiredE2 = 100_000_000_000_000

// RequiredE2 is what a line needs, in hundredths: consumption (E4) ×
// pieces × (1 + wastage % (E2) / 100), rounded up to 0.01. Exact (big
// integers): consumption × pieces × (10000 + wastage) / 10^6.
func RequiredE2(consumptionE4 int64, wastageE2 int, pieces int64) int64 {
	n := new(big.Int).Mul(big.NewInt(consumptionE4), big.NewInt(pieces))
	n.Mul(n, big.NewInt(10_000+int64(wastageE2)))
	d := big.NewInt(1_000_000)
	q, r := new(big.Int).QuoRem(n, d, new(big.Int))
	if r.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsInt64() {
		return -1
	}
	return q.Int64()
}

// MaterialPieces is how many pieces of an order a line is for: the
// quantity of its colour, or of every colour when colour is "".
func MaterialPieces(o *Order, colour string) int64 {
	var n int64
	for _, l := range o.Lines {
		if colour == "" || strings.EqualFold(l.Colour, colour) {
			n += int64(l.Quantity)
		}
	}
	return n
}

// orderColour is the order's spelling of a colour ("" if it has none such).
func orderColour(o *Order, colour string) (string, bool) {
	for _, l := range o.Lines {
		if strings.EqualFold(l.Colour, colour) {
			return l.Colour, true
		}
	}
	return "", false
}

// cuttingStep is the step materials are needed for: the step coded
// cutting, else the first that counts cut pieces, else the first that
// counts produced ones (cancelled steps aside); nil when none.
func cuttingStep(ms []Milestone) *Milestone {
	var cut, produced *Milestone
	for i := range ms {
		m := &ms[i]
		if m.Status == MilestoneCancelled {
			continue
		}
		switch {
		case m.Code == "cutting":
			return m
		case m.QuantityKind == "cut" && cut == nil:
			cut = m
		case m.QuantityKind == "produced" && produced == nil:
			produced = m
		}
	}
	if cut != nil {
		return cut
	}
	return produced
}

// CuttingStep loads an order's cutting step (nil when it has no plan or
// no such step): the step whose start needs the materials.
func (s *Store) CuttingStep(ctx context.Context, orderID int64) (*Milestone, error) {
	return loadCuttingStep(s.conn(ctx), orderID)
}

func loadCuttingStep(tx *gorm.DB, orderID int64) (*Milestone, error) {
	var ms []Milestone
	if err := tx.Where("order_id = ?", orderID).Order("position, id").Find(&ms).Error; err != nil {
		return nil, fmt.Errorf("cutting step: %w", err)
	}
	return cuttingStep(ms), nil
}

// defaultNeededBy is the cutting step's planned date less
// MaterialBufferDays ("" when the order has no cutting step yet).
func defaultNeededBy(tx *gorm.DB, orderID int64) (string, error) {
	m, err := loadCuttingStep(tx, orderID)
	if err != nil || m == nil || m.PlannedDate == "" {
		return "", err
	}
	return AddDays(m.PlannedDate, -MaterialBufferDays), nil
}

// syncMaterialNeededBy moves the automatic needed-by dates of an order's
// material lines to follow its cutting step's plan (syncOrder calls it
// after every plan change). An order without such lines costs one query.
func syncMaterialNeededBy(tx *gorm.DB, orderID int64, now time.Time) error {
	var ids []int64
	if err := tx.Model(&MaterialLine{}).Where("order_id = ? AND needed_by_auto = ?", orderID, true).
		Limit(1).Pluck("id", &ids).Error; err != nil {
		return fmt.Errorf("material needed-by: %w", err)
	}
	if len(ids) == 0 {
		return nil
	}
	d, err := defaultNeededBy(tx, orderID)
	if err != nil {
		return err
	}
	if err := tx.Model(&MaterialLine{}).Where("order_id = ? AND needed_by_auto = ? AND needed_by <> ?", orderID, true, d).
		Updates(map[string]any{"needed_by": d, "updated_at": now}).Error; err != nil {
		return fmt.Errorf("material needed-by: %w", err)
	}
	return nil
}

// recomputeMaterialLines follows a change of an order's colour × size
// lines or factory (UpdateOrder, in its transaction): every requirement
// line's quantity is computed again from the new quantities, keeping the
// figure before in PreviousRequiredE2 when it changed (nil when not); the
// lines belong to the order's factory of now.
func recomputeMaterialLines(tx *gorm.DB, o *Order, now time.Time) error {
	var ls []MaterialLine
	if err := tx.Where("order_id = ?", o.ID).Find(&ls).Error; err != nil {
		return fmt.Errorf("material lines: %w", err)
	}
	for i := range ls {
		l := &ls[i]
		req := RequiredE2(l.ConsumptionE4, l.WastageE2, MaterialPieces(o, l.Colour))
		var prev *int64
		if req != l.RequiredE2 {
			old := l.RequiredE2
			prev = &old
		}
		if req == l.RequiredE2 && l.PreviousRequiredE2 == nil && l.SupplierID == o.SupplierID {
			continue
		}
		if err := tx.Model(&MaterialLine{}).Where("id = ?", l.ID).Updates(map[string]any{"required_e2": req,
			"previous_required_e2": prev, "supplier_id": o.SupplierID, "updated_at": now}).Error; err != nil {
			return fmt.Errorf("recompute material line %d: %w", l.ID, err)
		}
	}
	return nil
}

// ---- requirement lines ----

// MaterialLineInput is one requirement line as written (nil: unchanged on
// a patch). Quantities are decimal strings. NeededBy "" returns the line
// to the automatic date; NominatedSupplierID 0 removes the nominee.
type MaterialLineInput struct {
	Category, Name, Spec, Colour, MaterialColour, Unit *string
	Consumption, WastagePct                            *string
	SourcedBy, NeededBy, Note                          *string
	NominatedSupplierID                                *int64
}

// apply writes the input into l and validates the result against the
// order, field names under prefix; noms are the known material suppliers.
func (in MaterialLineInput) apply(l *MaterialLine, o *Order, v *ValidationError, prefix string) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&l.Category, in.Category)
	set(&l.Name, in.Name)
	set(&l.Spec, in.Spec)
	set(&l.MaterialColour, in.MaterialColour)
	set(&l.Unit, in.Unit)
	set(&l.Note, in.Note)
	l.Category = strings.ToLower(l.Category)
	if !slices.Contains(MaterialCategories, l.Category) {
		if l.Category == "" {
			v.Add(prefix+"category", "required")
		} else {
			v.Add(prefix+"category", "one_of", "allowed", strings.Join(MaterialCategories, ", "))
		}
	}
	checkText(v, prefix+"name", l.Name, true, 200)
	checkText(v, prefix+"spec", l.Spec, false, 200)
	checkText(v, prefix+"material_colour", l.MaterialColour, false, 100)
	checkText(v, prefix+"unit", l.Unit, true, 20)
	checkText(v, prefix+"note", l.Note, false, 2000)
	if in.Colour != nil {
		c := strings.TrimSpace(*in.Colour)
		if c == "" {
			l.Colour = ""
		} else if oc, ok := orderColour(o, c); ok {
			l.Colour = oc
		} else {
			l.Colour = c
			v.Add(prefix+"colour", "unknown_colour", "colour", c)
		}
	}
	if in.Consumption != nil {
		c, ok := ParseDecimal(*in.Consumption, 4)
		switch {
		case strings.TrimSpace(*in.Consumption) == "":
			v.Add(prefix+"consumption", "required")
		case !ok:
			v.Add(prefix+"consumption", "invalid_decimal", "max_decimals", 4)
		case c <= 0 || c > maxConsumptionE4:
			v.Add(prefix+"consumption", "out_of_range", "min", "0.0001", "max", "10000")
		default:
			l.ConsumptionE4 = c
		}
	} else if l.ConsumptionE4 == 0 {
		v.Add(prefix+"consumption", "required")
	}
	if in.WastagePct != nil {
		w := strings.TrimSpace(*in.WastagePct)
		if w == "" {
			w = "0"
		}
		n, ok := ParseDecimal(w, 2)
		switch {
		case !ok:
			v.Add(prefix+"wastage_pct", "invalid_decimal", "max_decimals", 2)
		case n > 100_00:
			v.Add(prefix+"wastage_pct", "out_of_range", "min", 0, "max", 100)
		default:
			l.WastageE2 = int(n)
		}
	}
	set(&l.SourcedBy, in.SourcedBy)
	l.SourcedBy = strings.ToLower(l.SourcedBy)
	if l.SourcedBy == "" {
		l.SourcedBy = SourcedFactory
		if o.Sourcing == SourcingCMT {
			l.SourcedBy = SourcedBuyer
		}
	}
	if !slices.Contains(SourcedBys, l.SourcedBy) {
		v.Add(prefix+"sourced_by", "one_of", "allowed", strings.Join(SourcedBys, ", "))
	}
	if in.NominatedSupplierID != nil {
		l.NominatedSupplierID = nil
		if id := *in.NominatedSupplierID; id != 0 {
			l.NominatedSupplierID = &id
		}
	}
	if l.SourcedBy != SourcedNominated {
		l.NominatedSupplierID = nil
	} else if l.NominatedSupplierID == nil {
		v.Add(prefix+"nominated_supplier_id", "required_with", "field", "sourced_by")
	}
	if in.NeededBy != nil {
		d := strings.TrimSpace(*in.NeededBy)
		if d == "" {
			l.NeededByAuto = true
		} else if checkDate(v, prefix+"needed_by", d, true) {
			l.NeededBy, l.NeededByAuto = d, false
		}
	}
}

// checkNominees adds a problem for each line naming a material supplier
// that is not active (new ones) or does not exist.
func checkNominees(tx *gorm.DB, ls []*MaterialLine, prefixes []string, v *ValidationError) error {
	var ids []int64
	for _, l := range ls {
		if l.NominatedSupplierID != nil {
			ids = append(ids, *l.NominatedSupplierID)
		}
	}
	known, err := materialSuppliersByID(tx, ids)
	if err != nil {
		return err
	}
	for i, l := range ls {
		if l.NominatedSupplierID == nil {
			continue
		}
		if m, ok := known[*l.NominatedSupplierID]; !ok || !m.Active {
			v.Add(prefixes[i]+"nominated_supplier_id", "unknown_material_supplier")
		}
	}
	return nil
}

// materialOrderTx loads and locks an order for a change of its materials:
// staff only (the routes say so), refused when cancelled or closed.
func (s *Store) materialOrderTx(tx *gorm.DB, orderID int64) (*Order, error) {
	o, err := s.getOrderTx(tx, orderID, Scope{}, true)
	if err != nil {
		return nil, err
	}
	switch o.Status {
	case StatusCancelled:
		return nil, Conflict("order_cancelled")
	case StatusClosed:
		return nil, Conflict("order_closed")
	}
	return o, nil
}

// finish computes a line's quantity and automatic date for its order.
func (l *MaterialLine) finish(o *Order, neededBy string, v *ValidationError, prefix string) {
	req := RequiredE2(l.ConsumptionE4, l.WastageE2, MaterialPieces(o, l.Colour))
	if req < 0 || req > maxRequiredE2 {
		v.Add(prefix+"consumption", "out_of_range", "min", "0.0001", "max", "10000")
	}
	l.RequiredE2 = req
	if l.NeededByAuto {
		l.NeededBy = neededBy
	}
}

// nextPosition is the position after an order's last material line.
func nextPosition(tx *gorm.DB, orderID int64) (int, error) {
	var p *int
	if err := tx.Model(&MaterialLine{}).Where("order_id = ?", orderID).Select("MAX(position)").Scan(&p).Error; err != nil {
		return 0, fmt.Errorf("material line position: %w", err)
	}
	if p == nil {
		return 1, nil
	}
	return *p + 1, nil
}

// materialsChanged records the activity of a change to an order's
// materials, and the order's risk, which reads their readiness.
func materialsChanged(tx *gorm.DB, now time.Time, o *Order, by int64, added, changed, removed int) error {
	if err := addSupplierActivity(tx, now, o.ID, &o.SupplierID, &by, ActMaterialLinesChanged, false,
		map[string]any{"added": added, "changed": changed, "removed": removed}); err != nil {
		return err
	}
	return refreshRisk(tx, o.ID, now)
}

// createMaterialLines checks and writes new lines of an order, all or none:
// field names are prefix(i) + the field.
func (s *Store) createMaterialLines(ctx context.Context, orderID int64, ins []MaterialLineInput, by int64,
	prefix func(i int) string) ([]MaterialLine, error) {
	if len(ins) == 0 {
		return nil, Invalid("file", "too_few", "min", 1)
	}
	if len(ins) > MaxMaterialLines {
		return nil, Invalid("file", "too_many", "max", MaxMaterialLines)
	}
	var out []MaterialLine
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		o, err := s.materialOrderTx(tx, orderID)
		if err != nil {
			return err
		}
		var have int64
		if err := tx.Model(&MaterialLine{}).Where("order_id = ?", o.ID).Count(&have).Error; err != nil {
			return err
		}
		if int(have)+len(ins) > MaxMaterialLines {
			return Invalid("lines", "too_many", "max", MaxMaterialLines)
		}
		neededBy, err := defaultNeededBy(tx, o.ID)
		if err != nil {
			return err
		}
		pos, err := nextPosition(tx, o.ID)
		if err != nil {
			return err
		}
		v := &ValidationError{}
		ls := make([]*MaterialLine, len(ins))
		prefixes := make([]string, len(ins))
		now := s.clock.Now()
		for i, in := range ins {
			prefixes[i] = prefix(i)
			wast := "0"
			if in.WastagePct == nil {
				in.WastagePct = &wast
			}
			if in.Consumption == nil {
				empty := ""
				in.Consumption = &empty
			}
			l := &MaterialLine{OrderID: o.ID, SupplierID: o.SupplierID, Position: pos + i, NeededByAuto: true,
				CreatedBy: by, CreatedAt: now, UpdatedAt: now}
			in.apply(l, o, v, prefixes[i])
			l.finish(o, neededBy, v, prefixes[i])
			ls[i] = l
		}
		if err := checkNominees(tx, ls, prefixes, v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		out = make([]MaterialLine, len(ls))
		for i, l := range ls {
			out[i] = *l
		}
		if err := tx.CreateInBatches(&out, 200).Error; err != nil {
			return fmt.Errorf("create material lines: %w", err)
		}
		return materialsChanged(tx, now, o, by, len(out), 0, 0)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MaxMaterialLines bounds one order's material requirement.
const MaxMaterialLines = 500

// CreateMaterialLine adds one line to an order's requirement (staff).
func (s *Store) CreateMaterialLine(ctx context.Context, orderID int64, in MaterialLineInput, by int64) (*MaterialLine, error) {
	ls, err := s.createMaterialLines(ctx, orderID, []MaterialLineInput{in}, by, func(int) string { return "" })
	if err != nil {
		return nil, err
	}
	return &ls[0], nil
}

// ImportMaterialLines adds the rows of an uploaded requirement sheet, all
// or none; rows[i] is the spreadsheet's row number of ins[i], and field
// problems are named "rows[<row>].<field>".
func (s *Store) ImportMaterialLines(ctx context.Context, orderID int64, ins []MaterialLineInput, rows []int, by int64) ([]MaterialLine, error) {
	return s.createMaterialLines(ctx, orderID, ins, by, func(i int) string { return fmt.Sprintf("rows[%d].", rows[i]) })
}

// UpdateMaterialLine changes a requirement line (staff); its quantity and
// automatic date are computed again, and an earlier revision's figure is
// forgotten (the line is as written now).
func (s *Store) UpdateMaterialLine(ctx context.Context, id int64, in MaterialLineInput, by int64) (*MaterialLine, error) {
	var out *MaterialLine
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		var l MaterialLine
		if err := s.forUpdate(tx).First(&l, id).Error; err != nil {
			return notFound(err)
		}
		o, err := s.materialOrderTx(tx, l.OrderID)
		if err != nil {
			return err
		}
		before := l
		v := &ValidationError{}
		in.apply(&l, o, v, "")
		neededBy, err := defaultNeededBy(tx, o.ID)
		if err != nil {
			return err
		}
		l.finish(o, neededBy, v, "")
		if in.NominatedSupplierID != nil {
			if err := checkNominees(tx, []*MaterialLine{&l}, []string{""}, v); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if l.RequiredE2 != before.RequiredE2 {
			l.PreviousRequiredE2 = nil
		}
		now := s.clock.Now()
		l.UpdatedAt = now
		if err := tx.Select("*").Omit("id", "created_at", "created_by").Updates(&l).Error; err != nil {
			return fmt.Errorf("update material line %d: %w", id, err)
		}
		if err := materialsChanged(tx, now, o, by, 0, 1, 0); err != nil {
			return err
		}
		out = &l
		return nil
	})
	return out, err
}

// DeleteMaterialLine removes a requirement line (staff) unless a material
// PO that is not cancelled orders it (409 material_line_ordered).
func (s *Store) DeleteMaterialLine(ctx context.Context, id int64, by int64) error {
	return s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		var l MaterialLine
		if err := s.forUpdate(tx).First(&l, id).Error; err != nil {
			return notFound(err)
		}
		o, err := s.materialOrderTx(tx, l.OrderID)
		if err != nil {
			return err
		}
		var pos []string
		if err := tx.Table("material_po_lines pl").Joins("JOIN material_pos p ON p.id = pl.po_id").
			Where("pl.line_id = ? AND p.status <> ?", id, MPOCancelled).Limit(1).Pluck("p.po_number", &pos).Error; err != nil {
			return fmt.Errorf("material line %d POs: %w", id, err)
		}
		if len(pos) > 0 {
			return Conflict("material_line_ordered", "po_number", pos[0])
		}
		// A cancelled PO's lines keep no hold on the requirement.
		if err := tx.Exec("DELETE FROM material_po_lines WHERE line_id = ?", id).Error; err != nil {
			return fmt.Errorf("delete material line %d: %w", id, err)
		}
		if err := tx.Delete(&MaterialLine{}, id).Error; err != nil {
			return fmt.Errorf("delete material line %d: %w", id, err)
		}
		return materialsChanged(tx, s.clock.Now(), o, by, 0, 0, 1)
	})
}

// CopyMaterialLines appends to an order the requirement of another order
// of the same style (409 material_copy_other_style otherwise), with the
// quantities and automatic dates of the target. Lines for a colour the
// target does not have are skipped (their count is returned).
func (s *Store) CopyMaterialLines(ctx context.Context, orderID, fromOrderID int64, by int64) ([]MaterialLine, int, error) {
	var out []MaterialLine
	skipped := 0
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		o, err := s.materialOrderTx(tx, orderID)
		if err != nil {
			return err
		}
		from, err := s.getOrderTx(tx, fromOrderID, Scope{}, false)
		if err == ErrNotFound || fromOrderID <= 0 {
			return Invalid("from_order_id", "unknown_order")
		} else if err != nil {
			return err
		}
		if !strings.EqualFold(strings.TrimSpace(from.StyleNo), strings.TrimSpace(o.StyleNo)) {
			return Conflict("material_copy_other_style", "style_no", o.StyleNo, "from_style_no", from.StyleNo)
		}
		var src []MaterialLine
		if err := tx.Where("order_id = ?", from.ID).Order("position, id").Find(&src).Error; err != nil {
			return fmt.Errorf("material lines of order %d: %w", from.ID, err)
		}
		var have int64
		if err := tx.Model(&MaterialLine{}).Where("order_id = ?", o.ID).Count(&have).Error; err != nil {
			return err
		}
		if int(have)+len(src) > MaxMaterialLines {
			return Invalid("from_order_id", "too_many", "max", MaxMaterialLines)
		}
		neededBy, err := defaultNeededBy(tx, o.ID)
		if err != nil {
			return err
		}
		pos, err := nextPosition(tx, o.ID)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		v := &ValidationError{}
		for _, l := range src {
			if l.Colour != "" {
				c, ok := orderColour(o, l.Colour)
				if !ok {
					skipped++
					continue
				}
				l.Colour = c
			}
			l.ID, l.OrderID, l.SupplierID, l.Position = 0, o.ID, o.SupplierID, pos+len(out)
			l.PreviousRequiredE2, l.CreatedBy, l.CreatedAt, l.UpdatedAt = nil, by, now, now
			l.finish(o, neededBy, v, "from_order_id.")
			out = append(out, l)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if len(out) == 0 {
			return nil
		}
		if err := tx.CreateInBatches(&out, 200).Error; err != nil {
			return fmt.Errorf("copy material lines: %w", err)
		}
		return materialsChanged(tx, now, o, by, len(out), 0, 0)
	})
	if err != nil {
		return nil, 0, err
	}
	return out, skipped, nil
}

// OrderMaterials is an order's requirement as a caller may see it: the
// order (404 outside the scope), its lines in position order — a factory
// only those recorded for its own supplier — the nominated suppliers they
// name, and which lines a material PO that is not cancelled orders.
type OrderMaterials struct {
	Order     *Order
	Lines     []MaterialLine
	Nominees  map[int64]MaterialSupplier
	OnOpenPOs map[int64]bool
}

// GetOrderMaterials loads an order's requirement for the scope.
func (s *Store) GetOrderMaterials(ctx context.Context, orderID int64, sc Scope) (*OrderMaterials, error) {
	o, err := s.GetOrder(ctx, orderID, sc)
	if err != nil {
		return nil, err
	}
	var ls []MaterialLine
	if err := sc.ownRows(s.conn(ctx).Where("order_id = ?", o.ID)).Order("position, id").Find(&ls).Error; err != nil {
		return nil, fmt.Errorf("material lines of order %d: %w", o.ID, err)
	}
	out := &OrderMaterials{Order: o, Lines: ls, OnOpenPOs: map[int64]bool{}}
	var ids, noms []int64
	for _, l := range ls {
		ids = append(ids, l.ID)
		if l.NominatedSupplierID != nil {
			noms = append(noms, *l.NominatedSupplierID)
		}
	}
	if out.Nominees, err = s.MaterialSupplierNames(ctx, noms); err != nil {
		return nil, err
	}
	if out.OnOpenPOs, err = s.linesOnOpenPOs(ctx, ids); err != nil {
		return nil, err
	}
	return out, nil
}

// linesOnOpenPOs reports which lines a material PO that is not cancelled orders.
func (s *Store) linesOnOpenPOs(ctx context.Context, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	var got []int64
	if err := s.conn(ctx).Table("material_po_lines pl").Joins("JOIN material_pos p ON p.id = pl.po_id").
		Where("pl.line_id IN ? AND p.status <> ?", ids, MPOCancelled).Distinct().Pluck("pl.line_id", &got).Error; err != nil {
		return nil, fmt.Errorf("material lines on POs: %w", err)
	}
	for _, id := range got {
		out[id] = true
	}
	return out, nil
}

// GetMaterialLine loads one requirement line if the scope may see it (its
// order visible, and for a factory recorded for its own supplier).
func (s *Store) GetMaterialLine(ctx context.Context, id int64, sc Scope) (*MaterialLine, error) {
	var l MaterialLine
	if _, err := s.loadOwned(s.conn(ctx), &l, id, sc, qcReads, false); err != nil {
		return nil, err
	}
	return &l, nil
}
