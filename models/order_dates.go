package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Dates a merchandiser may still choose, after being told: an ex-factory
// date already past on the factory's calendar, a step planned after the
// ex-factory date or after the next step of the plan. Each is refused with
// its code unless the write says force; the PWA shows the code and offers
// to send the same write again with force.

// supplierTodays returns the calendar date at now of each supplier, in one
// query; an unknown supplier has none (its own error is reported elsewhere).
func supplierTodays(tx *gorm.DB, now time.Time, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	err := chunks(uniq(ids), func(part []int64) error {
		var rows []struct {
			ID       int64
			TimeZone string
		}
		if err := tx.Model(&Supplier{}).Select("id, time_zone").Where("id IN ?", part).Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			out[r.ID] = TodayIn(now, r.TimeZone)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("suppliers' today: %w", err)
	}
	return out, nil
}

// checkNotPast adds date_in_past when a valid date lies before today (the
// factory's today: the ex-factory date is a day on its calendar). Without
// a today (unknown supplier) there is nothing to compare with.
func checkNotPast(v *ValidationError, field, date, today string) {
	if today != "" && DateProblem(date) == nil && date < today {
		v.Add(field, "date_in_past", "today", today)
	}
}

// checkPlannedDate says whether a step may be planned on a date: not after
// the order's ex-factory date, nor after the next step of the plan (the
// template orders its steps by position, each no later than the next), the
// next step being the first later one not cancelled nor not applicable.
func checkPlannedDate(tx *gorm.DB, m *Milestone, exFactory, planned string) error {
	if planned > exFactory {
		return Invalid("planned_date", "after_ex_factory", "ex_factory", exFactory)
	}
	var next []Milestone
	if err := tx.Where("order_id = ? AND position > ? AND status NOT IN ?", m.OrderID, m.Position, []string{MilestoneCancelled, MilestoneNotApplicable}).
		Order("position").Limit(1).Find(&next).Error; err != nil {
		return fmt.Errorf("next step of milestone %d: %w", m.ID, err)
	}
	if len(next) == 1 && planned > next[0].PlannedDate {
		return Invalid("planned_date", "after_next_step", "step", next[0].Code, "date", next[0].PlannedDate)
	}
	return nil
}
