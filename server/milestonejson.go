package server

import (
	"strconv"

	"gendan/models"
)

// The plan of an order (GET /orders/:id/milestones) is written by hand for
// the same reason as orders (orderjson.go); the output is byte for byte
// encoding/json's of milestoneDTO and milestoneList
// (TestMilestoneJSONMatchesEncodingJSON).

func (v planView) appendMilestoneList(b []byte, ms []models.Milestone, quantity, tolerance int, unit string) []byte {
	b = append(b, `{"items":[`...)
	for i := range ms {
		if i > 0 {
			b = append(b, ',')
		}
		b = v.appendMilestone(b, &ms[i])
	}
	b = append(b, ']')
	b = appendIntKey(b, "order_quantity", int64(quantity))
	b = appendIntKey(b, "tolerance_pct", int64(tolerance))
	b = appendKey(b, "unit", unit)
	return append(b, '}')
}

func (v planView) appendMilestone(b []byte, m *models.Milestone) []byte {
	due := models.MilestoneDue(m, v.orderStatus, v.today)
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, m.ID, 10)
	b = appendIntKey(b, "position", int64(m.Position))
	b = appendKey(b, "code", m.Code)
	b = appendKey(b, "name", m.Name)
	b = appendKey(b, "name_en", m.NameEn)
	b = appendKey(b, "quantity_kind", m.QuantityKind)
	b = appendKey(b, "sample_type", m.SampleType)
	b = appendKey(b, "planned_date", m.PlannedDate)
	b = appendKey(b, "baseline_date", m.BaselineDate)
	b = append(b, `,"actual_date":`...)
	if m.ActualDate != nil {
		b = appendJSONString(b, *m.ActualDate)
	} else {
		b = append(b, "null"...)
	}
	b = appendIntKey(b, "quantity_done", int64(m.QuantityDone))
	b = appendKey(b, "status", m.Status)
	b = appendBoolKey(b, "overdue", due.Overdue)
	b = appendBoolKey(b, "due_soon", due.DueSoon)
	b = appendBoolKey(b, "planned_late", m.PlannedLate)
	b = append(b, `,"actions":[`...)
	for i, a := range milestoneActions(v.p, v.orderStatus, m) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, a)
	}
	return append(b, "]}"...)
}
