package server

import "gendan/models"

// The "actions" of a DTO are what the calling user may do to the object
// now: the model's status tables (models/transition.go) say what the status
// allows, and the lists below say which of those each side of the portal
// does. The PWA shows a button per action and copies no status rule. The
// names are part of the API: the PWA codes against them.

// Order actions by side.
var (
	staffOrderActions = []models.Action{models.OrderEdit, models.OrderConfirm, models.OrderCancel, models.OrderComment, models.OrderDeliver,
		models.OrderClose}
	factoryOrderActions = []models.Action{models.OrderReport, models.OrderSubmitSample, models.OrderComment, models.OrderDeliver}
)

func isStaff(p *Principal) bool {
	return p.Role == models.RoleAdmin || p.Role == models.RoleMerchandiser
}

// orderActions ⊆ edit, confirm, cancel, comment, deliver, close (staff);
// report, submit_sample, comment, deliver (factory). close is listed on
// every shipped order: whether its complaints are closed and it is paid is
// for the 409 of POST /orders/:id/close to say (order_aftersales_open,
// order_not_paid), so that a list of orders reads no after-sales rows.
func orderActions(p *Principal, status string) []string {
	var side []models.Action
	switch {
	case isStaff(p):
		side = staffOrderActions
	case p.IsFactory():
		side = factoryOrderActions
	}
	out := []string{}
	for _, a := range side {
		if models.OrderCan(status, a) {
			out = append(out, string(a))
		}
	}
	return out
}

// milestoneActions ⊆ report (factory: the order takes reports and the step
// does), reschedule (staff: the step is still to do and the order's plan is
// being worked), complete and skip (staff, likewise).
func milestoneActions(p *Principal, orderStatus string, m *models.Milestone) []string {
	out := []string{}
	switch {
	case p.IsFactory():
		if models.OrderCan(orderStatus, models.OrderReport) && models.MilestoneCan(m.Status, models.MilestoneReport) {
			out = append(out, "report")
		}
	case isStaff(p):
		if models.OrderCan(orderStatus, models.OrderReplan) && models.MilestoneCan(m.Status, models.MilestoneReschedule) {
			out = append(out, "reschedule")
		}
		for _, a := range []models.Action{models.MilestoneComplete, models.MilestoneSkip} {
			if models.OrderCan(orderStatus, models.OrderReplan) && models.MilestoneCan(m.Status, a) {
				out = append(out, string(a))
			}
		}
	}
	return out
}

// roundContext is what a round's factory actions depend on beyond the
// round: its order's status and the latest round number of each type.
type roundContext struct {
	orderStatus string
	latest      map[string]int
}

// sampleActions ⊆ approve, approve_with_comments, reject (staff, a pending
// round); resubmit (factory, a rejected round that is the latest of its type
// while the order takes samples). rc may be nil where no factory user can
// be the caller or the round cannot be rejected.
func sampleActions(p *Principal, r *models.SampleRound, rc *roundContext) []string {
	out := []string{}
	switch {
	case isStaff(p):
		for _, a := range []models.Action{models.SampleApprove, models.SampleApproveWithComments, models.SampleReject} {
			if models.SampleCan(r.Status, a) {
				out = append(out, string(a))
			}
		}
	case p.IsFactory():
		if rc != nil && models.SampleCan(r.Status, models.SampleResubmit) &&
			rc.latest[r.SampleType] == r.RoundNo && models.OrderCan(rc.orderStatus, models.OrderSubmitSample) {
			out = append(out, string(models.SampleResubmit))
		}
	}
	return out
}
