package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// ConfirmOrder turns a draft into a confirmed order and creates its T&A
// plan from the template, scheduled backward from the ex-factory date.
//
// The template is the one named here, else the one the order names. With
// neither, the answer is a 422 "required" on template_id rather than a
// guess: no template is special (admins rename, add and retire them), and
// the merchandiser's screen always offers one to pick.
func (s *Store) ConfirmOrder(ctx context.Context, id int64, templateID *int64, by int64) (*Order, error) {
	var out *Order
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		o, err := s.getOrderTx(tx, id, Scope{}, true)
		if err != nil {
			return err
		}
		status, err := orderStep(o.Status, OrderConfirm)
		if err != nil {
			return err
		}
		if templateID != nil {
			o.TemplateID = templateID
		}
		if o.TemplateID == nil {
			return Invalid("template_id", "required")
		}
		var t Template
		if err := tx.Where("id = ? AND active = ?", *o.TemplateID, true).First(&t).Error; err != nil {
			if err := notFound(err); err != ErrNotFound {
				return fmt.Errorf("confirm order %d: template: %w", id, err)
			}
			return Invalid("template_id", "unknown_template")
		}
		var steps []TemplateStep
		if err := tx.Where("template_id = ?", t.ID).Order("position").Find(&steps).Error; err != nil {
			return err
		}
		now := s.clock.Now()
		ms := make([]Milestone, len(steps))
		for i, st := range steps {
			planned := AddDays(o.ExFactoryDate, -st.DaysBefore)
			if DateProblem(planned) != nil {
				return Invalid("ex_factory_date", "plan_out_of_range", "step", st.Code, "date", planned, "min", MinDate, "max", MaxDate)
			}
			ms[i] = Milestone{OrderID: o.ID, Position: st.Position, Code: st.Code, Name: st.Name, NameEn: st.NameEn,
				QuantityKind: st.QuantityKind, SampleType: st.SampleType, PlannedDate: planned, BaselineDate: planned,
				Status: MilestoneOpen, UpdatedAt: now}
		}
		if len(ms) > 0 {
			if err := tx.Create(&ms).Error; err != nil {
				return fmt.Errorf("create milestones: %w", err)
			}
		}
		o.Status, o.ConfirmedAt, o.UpdatedAt, o.TemplateID = status, &now, now, &t.ID
		o.BaselineExFactoryDate = o.ExFactoryDate
		if err := tx.Model(o).Select("status", "confirmed_at", "updated_at", "template_id", "baseline_ex_factory_date").Updates(o).Error; err != nil {
			return err
		}
		if err := addActivity(tx, now, o.ID, &by, ActOrderConfirmed, false, map[string]any{"template": t.Code, "milestones": len(ms)}); err != nil {
			return err
		}
		out = o
		return nil
	})
	return out, err
}
