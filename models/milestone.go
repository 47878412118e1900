package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Milestone statuses.
const (
	MilestoneOpen       = "open"
	MilestoneInProgress = "in_progress"
	MilestoneDone       = "done"
	MilestoneCancelled  = "cancelled"
	// MilestoneNotApplicable is a step staff decided will not be done for
	// this order (with a reason, in the activity): closed like a cancelled
	// one, but the order goes on.
	MilestoneNotApplicable = "not_applicable"
)

// Milestone is one step of an order's T&A plan.
type Milestone struct {
	ID           int64 `gorm:"primaryKey"`
	OrderID      int64
	Position     int
	Code         string
	Name         string
	NameEn       string
	QuantityKind string
	SampleType   string
	PlannedDate  string
	// BaselineDate is the first planned date, kept when plans move.
	BaselineDate string
	ActualDate   *string
	QuantityDone int
	Status       string
	// PlannedLate: the order was confirmed with this step already before
	// the supplier's today and the merchandiser kept the date (late_steps
	// "keep"). Such a step is late by plan, not by the factory: on-time
	// figures must leave it out.
	PlannedLate bool
	UpdatedAt   time.Time
}

// ProgressReport is one update from the factory on a milestone.
type ProgressReport struct {
	ID          int64 `gorm:"primaryKey"`
	MilestoneID int64
	OrderID     int64
	ReportedBy  int64
	ReportDate  string
	Quantity    *int
	Note        string
	Done        bool
	CreatedAt   time.Time

	// SupplierID is the order's supplier when the report was written: a
	// factory sees only its own supplier's reports (Scope.Owns).
	SupplierID *int64

	// Warnings are what the answer to CreateReport warns of (not stored):
	// material_not_ready {items} on the cutting step.
	Warnings []ReportWarning `gorm:"-"`
}

// ReportWarning is a code with params the client translates.
type ReportWarning struct {
	Code   string         `json:"code"`
	Params map[string]any `json:"params"`
}

// GetMilestone loads a milestone and its order, if the scope may see the order.
func (s *Store) GetMilestone(ctx context.Context, id int64, sc Scope) (*Milestone, *Order, error) {
	var m Milestone
	if err := s.conn(ctx).First(&m, id).Error; err != nil {
		return nil, nil, notFound(err)
	}
	o, err := s.GetOrder(ctx, m.OrderID, sc)
	if err != nil {
		return nil, nil, err
	}
	return &m, o, nil
}

// shiftOpenMilestones moves the planned dates of an order's steps still to
// do by a number of calendar days; a move that would take a step outside
// the dates Gendan accepts is a 422 on field (the date that caused it).
func shiftOpenMilestones(tx *gorm.DB, orderID int64, days int, now time.Time, field string) error {
	if days == 0 {
		return nil
	}
	var ms []Milestone
	if err := tx.Where("order_id = ? AND status IN ?", orderID, milestoneTransitions.From(MilestoneReschedule)).Find(&ms).Error; err != nil {
		return err
	}
	for _, m := range ms {
		planned := AddDays(m.PlannedDate, days)
		if DateProblem(planned) != nil {
			return Invalid(field, "plan_out_of_range", "step", m.Code, "date", planned, "min", MinDate, "max", MaxDate)
		}
		if err := tx.Model(&Milestone{}).Where("id = ?", m.ID).
			Updates(map[string]any{"planned_date": planned, "updated_at": now}).Error; err != nil {
			return err
		}
	}
	return syncOrder(tx, orderID, now)
}

// RescheduleMilestone moves a milestone's planned date (a merchandiser's
// decision) while the step is still to do and its order's plan is being
// worked; the baseline stays and the move is recorded in the activity. A
// date after the ex-factory date or after the next step is refused unless
// force says the merchandiser confirmed it.
func (s *Store) RescheduleMilestone(ctx context.Context, id int64, planned string, force bool, by int64) (*Milestone, error) {
	v := &ValidationError{}
	if !checkDate(v, "planned_date", planned, true) {
		return nil, v
	}
	var out Milestone
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&out, id).Error; err != nil {
			return notFound(err)
		}
		if _, err := milestoneStep(out.Status, MilestoneReschedule); err != nil {
			return err
		}
		var o Order
		if err := tx.Select("id", "status", "ex_factory_date").First(&o, out.OrderID).Error; err != nil {
			return fmt.Errorf("reschedule milestone %d: %w", id, err)
		}
		if _, err := orderStep(o.Status, OrderReplan); err != nil {
			return err
		}
		if out.PlannedDate == planned {
			return nil
		}
		if !force {
			if err := checkPlannedDate(tx, &out, o.ExFactoryDate, planned); err != nil {
				return err
			}
		}
		now := s.clock.Now()
		from := out.PlannedDate
		out.PlannedDate, out.UpdatedAt = planned, now
		if err := tx.Model(&out).Select("planned_date", "updated_at").Updates(&out).Error; err != nil {
			return err
		}
		if err := syncOrder(tx, out.OrderID, now); err != nil {
			return err
		}
		return addActivity(tx, now, out.OrderID, &by, ActMilestoneRescheduled, false,
			map[string]any{"milestone_id": out.ID, "code": out.Code, "name": out.Name, "name_en": out.NameEn, "from": from, "to": planned})
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// CompleteMilestone is staff marking a step still to do as done on date
// (not in the future), with an optional reason; SkipMilestone marks it not
// applicable, which needs a reason. Both need the order's plan to be
// worked and are recorded in the activity.
func (s *Store) CompleteMilestone(ctx context.Context, id int64, date, reason string, by int64) (*Milestone, error) {
	return s.steerMilestone(ctx, id, MilestoneComplete, date, reason, by)
}

// SkipMilestone: see CompleteMilestone.
func (s *Store) SkipMilestone(ctx context.Context, id int64, reason string, by int64) (*Milestone, error) {
	return s.steerMilestone(ctx, id, MilestoneSkip, "", reason, by)
}

func (s *Store) steerMilestone(ctx context.Context, id int64, a Action, date, reason string, by int64) (*Milestone, error) {
	var out Milestone
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&out, id).Error; err != nil {
			return notFound(err)
		}
		var o Order
		if err := tx.Select("id", "status").First(&o, out.OrderID).Error; err != nil {
			return fmt.Errorf("%s milestone %d: %w", a, id, err)
		}
		if _, err := orderStep(o.Status, OrderReplan); err != nil {
			return err
		}
		to, err := milestoneStep(out.Status, a)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		v := &ValidationError{}
		reason = strings.TrimSpace(reason)
		checkText(v, "reason", reason, a == MilestoneSkip, 500)
		if a == MilestoneComplete && checkDate(v, "date", date, true) && date > LatestToday(now) {
			v.Add("date", "date_in_future")
		}
		if err := v.Err(); err != nil {
			return err
		}
		upd := map[string]any{"status": to, "updated_at": now}
		kind := ActMilestoneSkipped
		if a == MilestoneComplete {
			d := date
			upd["actual_date"], out.ActualDate, kind = d, &d, ActMilestoneMarkedDone
		}
		out.Status, out.UpdatedAt = to, now
		if err := tx.Model(&Milestone{}).Where("id = ?", out.ID).Updates(upd).Error; err != nil {
			return fmt.Errorf("%s milestone %d: %w", a, id, err)
		}
		if err := syncOrder(tx, out.OrderID, now); err != nil {
			return err
		}
		data := map[string]any{"milestone_id": out.ID, "code": out.Code, "name": out.Name, "name_en": out.NameEn, "reason": reason}
		if a == MilestoneComplete {
			data["date"] = date
		}
		return addActivity(tx, now, out.OrderID, &by, kind, false, data)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// reportBackdateDays is how far before the order's creation a report may
// be dated: work can start before the order is keyed in, but not months.
const reportBackdateDays = 90

// ReportInput is a factory's progress report.
type ReportInput struct {
	Date     string
	Quantity *int
	Note     string
	Done     bool
	PhotoIDs []int64
	// Reason explains a correction: a quantity lower than the step's
	// current one corrects an earlier report and needs a reason.
	Reason string
}

// CreateReport records progress on a milestone and attaches its photos, in
// one transaction. The quantity is cumulative and may not exceed the order
// quantity plus the over-shipment tolerance; the date may not be in the
// future; a cancelled order takes no reports (409). A quantity lower than
// the step's is a correction of an earlier report: it needs a reason and is
// recorded as a correction (with the quantity it replaces) in the activity;
// a done step stays done, with its actual date. A figure another supplier
// reported (before the order moved) is not corrected but replaced.
func (s *Store) CreateReport(ctx context.Context, milestoneID int64, in ReportInput, by Uploader, sc Scope) (*ProgressReport, *Milestone, error) {
	var rep ProgressReport
	var ms Milestone
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&ms, milestoneID).Error; err != nil {
			return notFound(err)
		}
		o, err := s.getOrderTx(tx, ms.OrderID, sc, true)
		if err != nil {
			return err
		}
		orderStatus, err := orderStep(o.Status, OrderReport)
		if err != nil {
			return err
		}
		act := MilestoneReport
		if in.Done {
			act = MilestoneFinish
		}
		msStatus, err := milestoneStep(ms.Status, act)
		if err != nil {
			return err
		}
		v := &ValidationError{}
		in.Note, in.Reason = strings.TrimSpace(in.Note), strings.TrimSpace(in.Reason)
		checkText(v, "note", in.Note, false, 2000)
		checkText(v, "reason", in.Reason, false, 500)
		previous := ms.QuantityDone
		correction := in.Quantity != nil && ms.QuantityKind != "" && *in.Quantity >= 0 && *in.Quantity < previous
		if correction {
			// The figure being lowered must be this supplier's: after a move
			// to another factory, the new one counts its own work.
			var last []ProgressReport
			if err := tx.Select("id", "supplier_id").Where("milestone_id = ? AND quantity IS NOT NULL", ms.ID).
				Order("id DESC").Limit(1).Find(&last).Error; err != nil {
				return fmt.Errorf("last report of milestone %d: %w", ms.ID, err)
			}
			correction = len(last) == 0 || last[0].SupplierID == nil || *last[0].SupplierID == o.SupplierID
		}
		if correction && in.Reason == "" {
			v.Add("reason", "correction_needs_reason", "previous", previous)
		}
		now := s.clock.Now()
		if checkDate(v, "date", in.Date, true) {
			earliest := AddDays(o.CreatedAt.UTC().Format(DateLayout), -reportBackdateDays)
			switch {
			case in.Date > LatestToday(now):
				v.Add("date", "date_in_future")
			case in.Date < earliest:
				v.Add("date", "date_too_early", "min", earliest)
			}
		}
		if in.Quantity != nil {
			max := o.TotalQuantity * (100 + o.TolerancePct) / 100
			switch {
			case ms.QuantityKind == "":
				v.Add("quantity", "no_quantity_for_step")
			case *in.Quantity < 0:
				v.Add("quantity", "too_small", "min", 0)
			case *in.Quantity > max:
				v.Add("quantity", "quantity_over_limit", "max", max, "total", o.TotalQuantity, "unit", o.Unit, "pct", o.TolerancePct)
			}
		}
		if in.Quantity == nil && in.Note == "" && !in.Done && len(in.PhotoIDs) == 0 {
			v.Add("quantity", "report_empty")
		}
		if err := v.Err(); err != nil {
			return err
		}
		rep = ProgressReport{MilestoneID: ms.ID, OrderID: o.ID, SupplierID: &o.SupplierID, ReportedBy: by.UserID, ReportDate: in.Date,
			Quantity: in.Quantity, Note: in.Note, Done: in.Done, CreatedAt: now}
		if err := tx.Create(&rep).Error; err != nil {
			return fmt.Errorf("create report: %w", err)
		}
		if err := s.AttachPhotos(tx, in.PhotoIDs, by, PhotoOwner{Kind: "progress_report", ID: rep.ID, SupplierID: o.SupplierID}); err != nil {
			return err
		}
		upd := map[string]any{"updated_at": now}
		if in.Quantity != nil {
			upd["quantity_done"] = *in.Quantity
			ms.QuantityDone = *in.Quantity
		}
		if in.Done {
			d := in.Date
			upd["actual_date"], ms.ActualDate = d, &d
		}
		if msStatus != ms.Status {
			upd["status"], ms.Status = msStatus, msStatus
		}
		if err := tx.Model(&Milestone{}).Where("id = ?", ms.ID).Updates(upd).Error; err != nil {
			return err
		}
		if err := tx.Model(&Order{}).Where("id = ? AND last_report_date < ?", o.ID, in.Date).UpdateColumn("last_report_date", in.Date).Error; err != nil {
			return err
		}
		if err := syncOrder(tx, o.ID, now); err != nil {
			return err
		}
		if orderStatus != o.Status { // the first report: confirmed → in production
			if err := tx.Model(&Order{}).Where("id = ?", o.ID).Updates(map[string]any{"status": orderStatus, "updated_at": now}).Error; err != nil {
				return err
			}
			if err := addActivity(tx, now, o.ID, &by.UserID, ActOrderInProduction, false, map[string]any{}); err != nil {
				return err
			}
		}
		data := map[string]any{
			"report_id": rep.ID, "milestone_id": ms.ID, "code": ms.Code, "name": ms.Name, "name_en": ms.NameEn,
			"date": in.Date, "quantity": in.Quantity, "quantity_kind": ms.QuantityKind, "done": in.Done,
			"note": in.Note, "photo_ids": in.PhotoIDs}
		if correction {
			data["correction"], data["previous_quantity"], data["reason"] = true, previous, in.Reason
		}
		if err := addActivity(tx, now, o.ID, &by.UserID, ActProgressReported, false, data); err != nil {
			return err
		}
		if err := warnMaterialsNotReady(tx, now, o, &ms, &rep, by.UserID); err != nil {
			return err
		}
		// The other side hears of it; many in an hour are batched into one
		// outside message (NotifyConfig.Batch).
		return notifyOtherSide(tx, now, o, by.UserID, by.SupplierID != nil, ActProgressReported, map[string]any{
			"report_id": rep.ID, "milestone_id": ms.ID, "step": ms.Name, "step_en": ms.NameEn, "date": in.Date,
			"quantity": in.Quantity, "quantity_kind": ms.QuantityKind, "done": in.Done})
	})
	if err != nil {
		return nil, nil, err
	}
	return &rep, &ms, nil
}

// CorrectReport is staff correcting a factory's wrong quantity: a new
// report with the right cumulative quantity and the reason as its note, so
// the original stays in the history; the step's quantity follows and the
// activity links both reports. The step keeps its status.
func (s *Store) CorrectReport(ctx context.Context, reportID int64, quantity *int, reason string, by int64) (*ProgressReport, *Milestone, error) {
	var rep, orig ProgressReport
	var ms Milestone
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&orig, reportID).Error; err != nil {
			return notFound(err)
		}
		if err := tx.First(&ms, orig.MilestoneID).Error; err != nil {
			return fmt.Errorf("correct report %d: %w", reportID, err)
		}
		var o Order
		if err := tx.First(&o, ms.OrderID).Error; err != nil {
			return fmt.Errorf("correct report %d: %w", reportID, err)
		}
		if _, err := orderStep(o.Status, OrderReport); err != nil {
			return err
		}
		if _, err := milestoneStep(ms.Status, MilestoneReport); err != nil {
			return err
		}
		v := &ValidationError{}
		reason = strings.TrimSpace(reason)
		checkText(v, "reason", reason, true, 500)
		max := o.TotalQuantity * (100 + o.TolerancePct) / 100
		switch {
		case orig.Quantity == nil:
			v.Add("quantity", "no_quantity_for_step")
		case quantity == nil:
			v.Add("quantity", "required")
		case *quantity < 0:
			v.Add("quantity", "too_small", "min", 0)
		case *quantity > max:
			v.Add("quantity", "quantity_over_limit", "max", max, "total", o.TotalQuantity, "unit", o.Unit, "pct", o.TolerancePct)
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		rep = ProgressReport{MilestoneID: ms.ID, OrderID: o.ID, SupplierID: &o.SupplierID, ReportedBy: by,
			ReportDate: now.UTC().Format(DateLayout), Quantity: quantity, Note: reason, CreatedAt: now}
		if err := tx.Create(&rep).Error; err != nil {
			return fmt.Errorf("correct report %d: %w", reportID, err)
		}
		previous := ms.QuantityDone
		ms.QuantityDone, ms.UpdatedAt = *quantity, now
		if err := tx.Model(&Milestone{}).Where("id = ?", ms.ID).
			Updates(map[string]any{"quantity_done": *quantity, "updated_at": now}).Error; err != nil {
			return err
		}
		if err := refreshRisk(tx, o.ID, now); err != nil {
			return err
		}
		return addActivity(tx, now, o.ID, &by, ActReportCorrected, false, map[string]any{
			"report_id": rep.ID, "corrects_report_id": orig.ID, "milestone_id": ms.ID, "code": ms.Code, "name": ms.Name,
			"name_en": ms.NameEn, "previous_quantity": previous, "reported_quantity": orig.Quantity, "quantity": *quantity, "reason": reason})
	})
	if err != nil {
		return nil, nil, err
	}
	return &rep, &ms, nil
}

// ListReports returns a milestone's reports in the scope, newest first.
func (s *Store) ListReports(ctx context.Context, milestoneID int64, sc Scope) ([]ProgressReport, error) {
	var rows []ProgressReport
	err := sc.ownRows(s.conn(ctx)).Where("milestone_id = ?", milestoneID).Order("id DESC").Find(&rows).Error
	return rows, err
}
