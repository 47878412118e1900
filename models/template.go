package models

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Template is a Time & Action plan template: the ordered steps an order
// goes through, each scheduled a number of days before the ex-factory date.
type Template struct {
	ID        int64          `gorm:"primaryKey" json:"id"`
	Code      string         `json:"code"`
	Name      string         `json:"name"`
	NameEn    string         `json:"name_en"`
	Active    bool           `json:"active"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
	Steps     []TemplateStep `gorm:"-" json:"steps"`
}

// TemplateStep is one step of a template.
type TemplateStep struct {
	ID         int64  `gorm:"primaryKey" json:"-"`
	TemplateID int64  `json:"-"`
	Position   int    `json:"position"`
	Code       string `json:"code"`
	Name       string `json:"name"`
	NameEn     string `json:"name_en"`
	DaysBefore int    `json:"days_before"`
	// QuantityKind is what the step counts ("cut", "sewn", "packed",
	// "produced"), or "" when it tracks no quantity.
	QuantityKind string `json:"quantity_kind"`
	// SampleType is the sample whose approval completes the step, or "".
	SampleType string `json:"sample_type"`
}

// QuantityKinds are the quantities a step may track.
var QuantityKinds = []string{"cut", "sewn", "packed", "produced"}

var stepCodeRe = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

func (t *Template) validate() error {
	v := &ValidationError{}
	t.Code = strings.ToLower(strings.TrimSpace(t.Code))
	if !stepCodeRe.MatchString(t.Code) {
		v.Add("code", "invalid_code", "min", 2, "max", 40, "allowed", "a-z 0-9 _")
	}
	checkText(v, "name", t.Name, true, 200)
	checkText(v, "name_en", t.NameEn, false, 200)
	if len(t.Steps) == 0 {
		v.Add("steps", "too_few", "min", 1)
	}
	if len(t.Steps) > 40 {
		v.Add("steps", "too_many", "max", 40)
	}
	seen := map[string]bool{}
	prev := 1 << 30
	for i := range t.Steps {
		st := &t.Steps[i]
		f := fmt.Sprintf("steps[%d].", i)
		st.Position = i + 1
		st.Code = strings.ToLower(strings.TrimSpace(st.Code))
		if !stepCodeRe.MatchString(st.Code) {
			v.Add(f+"code", "invalid_code", "min", 2, "max", 40, "allowed", "a-z 0-9 _")
		} else if seen[st.Code] {
			v.Add(f+"code", "duplicate")
		}
		seen[st.Code] = true
		checkText(v, f+"name", st.Name, true, 200)
		checkText(v, f+"name_en", st.NameEn, true, 200)
		if st.DaysBefore < 0 || st.DaysBefore > 730 {
			v.Add(f+"days_before", "out_of_range", "min", 0, "max", 730)
		} else if st.DaysBefore > prev {
			v.Add(f+"days_before", "steps_out_of_order")
		}
		prev = st.DaysBefore
		if st.QuantityKind != "" && !contains(QuantityKinds, st.QuantityKind) {
			v.Add(f+"quantity_kind", "one_of", "allowed", "cut, sewn, packed, produced")
		}
		if st.SampleType != "" && !stepCodeRe.MatchString(st.SampleType) {
			v.Add(f+"sample_type", "unknown_sample_type")
		}
	}
	return v.Err()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// CreateTemplate inserts a template with its steps.
func (s *Store) CreateTemplate(ctx context.Context, t *Template) error {
	if err := t.validate(); err != nil {
		return err
	}
	now := s.clock.Now()
	t.ID, t.CreatedAt, t.UpdatedAt = 0, now, now
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(t).Error; err != nil {
			if isDuplicate(err) {
				return Invalid("code", "already_used")
			}
			return fmt.Errorf("create template: %w", err)
		}
		return insertSteps(tx, t)
	})
}

func insertSteps(tx *gorm.DB, t *Template) error {
	for i := range t.Steps {
		t.Steps[i].ID = 0
		t.Steps[i].TemplateID = t.ID
	}
	if err := tx.Create(&t.Steps).Error; err != nil {
		return fmt.Errorf("create template steps: %w", err)
	}
	return nil
}

// TemplatePatch replaces the fields that are not nil; Steps replaces all steps.
type TemplatePatch struct {
	Name   *string
	NameEn *string
	Active *bool
	Steps  *[]TemplateStep
}

// UpdateTemplate changes a template. Orders already confirmed keep the
// milestones they were given.
func (s *Store) UpdateTemplate(ctx context.Context, id int64, p TemplatePatch) (*Template, error) {
	t, err := s.GetTemplate(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Name != nil {
		t.Name = *p.Name
	}
	if p.NameEn != nil {
		t.NameEn = *p.NameEn
	}
	if p.Active != nil {
		t.Active = *p.Active
	}
	if p.Steps != nil {
		t.Steps = *p.Steps
	}
	if err := t.validate(); err != nil {
		return nil, err
	}
	t.UpdatedAt = s.clock.Now()
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Select("name", "name_en", "active", "updated_at").Updates(t).Error; err != nil {
			return err
		}
		if p.Steps == nil {
			return nil
		}
		if err := tx.Where("template_id = ?", t.ID).Delete(&TemplateStep{}).Error; err != nil {
			return err
		}
		return insertSteps(tx, t)
	})
	if err != nil {
		return nil, fmt.Errorf("update template %d: %w", id, err)
	}
	return t, nil
}

// GetTemplate loads a template with its steps.
func (s *Store) GetTemplate(ctx context.Context, id int64) (*Template, error) {
	var t Template
	if err := s.conn(ctx).First(&t, id).Error; err != nil {
		return nil, notFound(err)
	}
	if err := s.conn(ctx).Where("template_id = ?", id).Order("position").Find(&t.Steps).Error; err != nil {
		return nil, err
	}
	return &t, nil
}

// GetTemplateByCode loads a template by its code.
func (s *Store) GetTemplateByCode(ctx context.Context, code string) (*Template, error) {
	var t Template
	if err := s.conn(ctx).Where("code = ?", code).First(&t).Error; err != nil {
		return nil, notFound(err)
	}
	return s.GetTemplate(ctx, t.ID)
}

// ListTemplates returns every template with its steps.
func (s *Store) ListTemplates(ctx context.Context) ([]Template, error) {
	var ts []Template
	if err := s.conn(ctx).Order("id").Find(&ts).Error; err != nil {
		return nil, err
	}
	var steps []TemplateStep
	if err := s.conn(ctx).Order("template_id, position").Find(&steps).Error; err != nil {
		return nil, err
	}
	by := map[int64][]TemplateStep{}
	for _, st := range steps {
		by[st.TemplateID] = append(by[st.TemplateID], st)
	}
	for i := range ts {
		ts[i].Steps = by[ts[i].ID]
		if ts[i].Steps == nil {
			ts[i].Steps = []TemplateStep{}
		}
	}
	return ts, nil
}

// DefaultTemplates are the plans every installation starts with: the
// apparel flow from the seed workflow, and a shorter one for hard goods.
var DefaultTemplates = []Template{
	{Code: "apparel", Name: "服装标准流程", NameEn: "Apparel standard", Active: true, Steps: []TemplateStep{
		{Code: "lab_dip", Name: "色样确认", NameEn: "Lab dip approved", DaysBefore: 75, SampleType: "lab_dip"},
		{Code: "fit_sample", Name: "试身样确认", NameEn: "Fit sample approved", DaysBefore: 63, SampleType: "fit"},
		{Code: "pp_sample", Name: "产前样确认", NameEn: "PP sample approved", DaysBefore: 45, SampleType: "pp"},
		{Code: "fabric_in", Name: "面料到厂", NameEn: "Fabric in-house", DaysBefore: 40},
		{Code: "trims_in", Name: "辅料到厂", NameEn: "Trims in-house", DaysBefore: 35},
		{Code: "cutting", Name: "裁剪", NameEn: "Cutting", DaysBefore: 30, QuantityKind: "cut"},
		{Code: "sewing", Name: "车缝", NameEn: "Sewing", DaysBefore: 18, QuantityKind: "sewn"},
		{Code: "washing", Name: "洗水", NameEn: "Washing", DaysBefore: 12},
		{Code: "finishing", Name: "后整", NameEn: "Finishing", DaysBefore: 8},
		{Code: "packing", Name: "包装", NameEn: "Packing", DaysBefore: 5, QuantityKind: "packed"},
		{Code: "final_inspection", Name: "尾期检验", NameEn: "Final inspection", DaysBefore: 3},
		{Code: "ex_factory", Name: "出厂", NameEn: "Ex-factory", DaysBefore: 0},
	}},
	{Code: "hard_goods", Name: "杂货标准流程", NameEn: "Hard goods standard", Active: true, Steps: []TemplateStep{
		{Code: "sample_approved", Name: "样品确认", NameEn: "Sample approved", DaysBefore: 35, SampleType: "pp"},
		{Code: "materials_in", Name: "物料到厂", NameEn: "Materials in-house", DaysBefore: 25},
		{Code: "production", Name: "生产", NameEn: "Production", DaysBefore: 12, QuantityKind: "produced"},
		{Code: "packing", Name: "包装", NameEn: "Packing", DaysBefore: 5, QuantityKind: "packed"},
		{Code: "final_inspection", Name: "尾期检验", NameEn: "Final inspection", DaysBefore: 3},
		{Code: "ex_factory", Name: "出厂", NameEn: "Ex-factory", DaysBefore: 0},
	}},
}

// EnsureDefaultTemplates creates the default templates that are missing.
// Safe to run on every start and on several nodes: a lost race on the
// unique code is ignored.
func (s *Store) EnsureDefaultTemplates(ctx context.Context) error {
	for _, d := range DefaultTemplates {
		if _, err := s.GetTemplateByCode(ctx, d.Code); err == nil {
			continue
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		t := d
		t.Steps = append([]TemplateStep(nil), d.Steps...)
		if err := s.CreateTemplate(ctx, &t); err != nil {
			var ve *ValidationError
			if errors.As(err, &ve) && ve.Fields["code"].Code != "" {
				continue
			}
			return fmt.Errorf("default template %s: %w", d.Code, err)
		}
	}
	return nil
}
