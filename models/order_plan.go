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
//
// Steps whose date from the template would fall before the supplier's
// today are "late steps": with late == "" the answer is a ConflictError
// steps_in_past listing them (params count, today, steps), so nothing is
// created late silently; LateCompress moves them into the time left
// (CompressLate), LateKeep keeps their dates and marks them PlannedLate.
func (s *Store) ConfirmOrder(ctx context.Context, id int64, templateID *int64, late string, by int64) (*Order, error) {
	if late != "" && late != LateCompress && late != LateKeep {
		return nil, Invalid("late_steps", "one_of", "allowed", LateCompress+", "+LateKeep)
	}
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
		var sp Supplier
		if err := tx.First(&sp, o.SupplierID).Error; err != nil {
			return fmt.Errorf("confirm order %d: supplier: %w", id, err)
		}
		today := SupplierToday(now, &sp)
		dates := make([]string, len(steps))
		for i, st := range steps {
			dates[i] = AddDays(o.ExFactoryDate, -st.DaysBefore)
			if DateProblem(dates[i]) != nil {
				return Invalid("ex_factory_date", "plan_out_of_range", "step", st.Code, "date", dates[i], "min", MinDate, "max", MaxDate)
			}
		}
		var lateSteps []LateStep
		for i, st := range steps {
			if dates[i] < today {
				lateSteps = append(lateSteps, LateStep{Code: st.Code, Name: st.Name, NameEn: st.NameEn, PlannedDate: dates[i]})
			}
		}
		if len(lateSteps) > 0 && late == "" {
			return Conflict("steps_in_past", "count", len(lateSteps), "today", today, "steps", lateSteps)
		}
		if late == LateCompress {
			dates = CompressLate(dates, today)
		}
		ms := make([]Milestone, len(steps))
		for i, st := range steps {
			planned := dates[i]
			ms[i] = Milestone{OrderID: o.ID, Position: st.Position, Code: st.Code, Name: st.Name, NameEn: st.NameEn,
				QuantityKind: st.QuantityKind, SampleType: st.SampleType, PlannedDate: planned, BaselineDate: planned,
				Status: MilestoneOpen, PlannedLate: planned < today, UpdatedAt: now}
		}
		if len(ms) > 0 {
			if err := tx.Create(&ms).Error; err != nil {
				return fmt.Errorf("create milestones: %w", err)
			}
		}
		if err := syncOrder(tx, o.ID, now); err != nil {
			return err
		}
		o.Status, o.ConfirmedAt, o.UpdatedAt, o.TemplateID = status, &now, now, &t.ID
		o.BaselineExFactoryDate = o.ExFactoryDate
		if err := tx.Model(o).Select("status", "confirmed_at", "updated_at", "template_id", "baseline_ex_factory_date").Updates(o).Error; err != nil {
			return err
		}
		if err := addActivity(tx, now, o.ID, &by, ActOrderConfirmed, false, map[string]any{"template": t.Code, "milestones": len(ms), "late_steps": len(lateSteps), "late": late}); err != nil {
			return err
		}
		if err := refreshRisk(tx, o.ID, now); err != nil {
			return err
		}
		out = o
		return nil
	})
	return out, err
}

// What ConfirmOrder does with steps that would be planned before today.
const (
	LateCompress = "compress"
	LateKeep     = "keep"
)

// LateStep is a step whose template date is before the supplier's today,
// as the steps_in_past conflict lists it.
type LateStep struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	NameEn      string `json:"name_en"`
	PlannedDate string `json:"planned_date"`
}

// CompressLate moves the dates before today (YYYY-MM-DD, in plan order,
// never decreasing) into the time left: the span from the earliest date to
// the first date not before today (the ex-factory step, or today when every
// date is past) is mapped linearly onto today … that date. Dates from
// today on do not move, so the ex-factory date and the plan's order stay;
// late steps keep their relative spacing, shrunk, and may share a day when
// the time left is shorter than the number of steps.
func CompressLate(dates []string, today string) []string {
	out := append([]string(nil), dates...)
	if len(dates) == 0 || dates[0] >= today {
		return out
	}
	end := today
	for _, d := range dates {
		if d >= today {
			end = d
			break
		}
	}
	first := dates[0]
	span, left := DaysBetween(first, end), DaysBetween(today, end)
	for i, d := range dates {
		if d >= today {
			break
		}
		out[i] = AddDays(today, DaysBetween(first, d)*left/span)
	}
	return out
}
