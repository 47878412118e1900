package models

import (
	"context"
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
