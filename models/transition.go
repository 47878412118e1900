package models

import "sort"

// Action is something a user does to an order, a milestone or a sample
// round. The status tables below are the only place that says which actions
// a status allows; the store refuses the others with a 409 and the server
// derives each DTO's "actions" from the same tables, so the PWA never copies
// a status rule. A later aggregate (inspection, delivery) copies this
// pattern: its statuses, its actions, a Transitions table and a refusal
// function, and a table test over every status × action.
type Action string

// Transitions maps a status to the actions it allows and the status each
// leads to (the same status when the action does not move it). An action
// missing from a status's row is refused.
type Transitions map[string]map[Action]string

// Can reports whether from allows a.
func (t Transitions) Can(from string, a Action) bool {
	_, ok := t[from][a]
	return ok
}

// Next is the status a leads to from from, and whether from allows a.
func (t Transitions) Next(from string, a Action) (string, bool) {
	to, ok := t[from][a]
	return to, ok
}

// From lists the statuses that allow a, sorted (for SQL "status IN ?").
func (t Transitions) From(a Action) []string {
	var out []string
	for st, row := range t {
		if _, ok := row[a]; ok {
			out = append(out, st)
		}
	}
	sort.Strings(out)
	return out
}

// Order actions.
const (
	OrderEdit    Action = "edit"
	OrderConfirm Action = "confirm"
	OrderCancel  Action = "cancel"
	OrderComment Action = "comment"
	// OrderReport is a factory's progress report on one of its milestones.
	OrderReport       Action = "report"
	OrderSubmitSample Action = "submit_sample"
	// OrderReplan is moving one milestone's planned date.
	OrderReplan Action = "replan"
	// OrderInspect is booking an inspection of the order's goods.
	OrderInspect Action = "inspect"
	// OrderDeliver is booking a delivery of the order's goods.
	OrderDeliver Action = "deliver"
	// OrderShip is a booked delivery leaving the factory: the order is
	// partially shipped, or shipped once the shipped total reaches the
	// order's (the status each leads to is decided by the quantities, so
	// the table names the partial one).
	OrderShip Action = "ship"
)

// OrderActions lists every order action (for the table test; OrderClose
// is in aftersales.go, its rules in closing.go).
var OrderActions = []Action{OrderEdit, OrderConfirm, OrderCancel, OrderComment, OrderReport, OrderSubmitSample, OrderReplan, OrderInspect, OrderDeliver, OrderShip, OrderClose}

// orderTransitions is the order's life. A draft is edited and confirmed
// (which creates its plan); the first progress report puts a confirmed
// order in production; deliveries are booked from confirmation and a
// shipment makes it partially shipped (or shipped, by quantity); a
// partially shipped order takes reports, samples (a shipment sample per
// lot), replanning, inspections and more deliveries but no edits nor
// cancellation; a shipped order still ships
// what was booked (up to the tolerance), takes late reports and closes
// (staff, once its complaints are closed and it is paid); closed
// orders take comments, and a cancelled order only comments.
var orderTransitions = Transitions{
	StatusDraft: {OrderEdit: StatusDraft, OrderConfirm: StatusConfirmed, OrderCancel: StatusCancelled,
		OrderComment: StatusDraft},
	StatusConfirmed: {OrderEdit: StatusConfirmed, OrderCancel: StatusCancelled, OrderComment: StatusConfirmed,
		OrderReport: StatusInProduction, OrderSubmitSample: StatusConfirmed, OrderReplan: StatusConfirmed,
		OrderInspect: StatusConfirmed, OrderDeliver: StatusConfirmed, OrderShip: StatusPartiallyShipped},
	StatusInProduction: {OrderEdit: StatusInProduction, OrderCancel: StatusCancelled, OrderComment: StatusInProduction,
		OrderReport: StatusInProduction, OrderSubmitSample: StatusInProduction, OrderReplan: StatusInProduction,
		OrderInspect: StatusInProduction, OrderDeliver: StatusInProduction, OrderShip: StatusPartiallyShipped},
	StatusPartiallyShipped: {OrderComment: StatusPartiallyShipped, OrderReport: StatusPartiallyShipped,
		OrderSubmitSample: StatusPartiallyShipped, OrderReplan: StatusPartiallyShipped, OrderInspect: StatusPartiallyShipped,
		OrderDeliver: StatusPartiallyShipped, OrderShip: StatusPartiallyShipped},
	StatusShipped: {OrderComment: StatusShipped, OrderReport: StatusShipped, OrderShip: StatusShipped,
		OrderClose: StatusClosed},
	StatusClosed:    {OrderComment: StatusClosed},
	StatusCancelled: {OrderComment: StatusCancelled},
}

// reworkOrderTransitions widen orderTransitions for a rework resolution
// (after-sales, models/resolution.go): a shipped order takes the one
// re-inspection and re-delivery of the reworked goods (and ships it, which
// orderTransitions allows already). Only a booking made through the
// rework's path (ForRework) reads this table, so a shipped order still
// refuses every other inspection and delivery.
var reworkOrderTransitions = Transitions{
	StatusShipped: {OrderInspect: StatusShipped, OrderDeliver: StatusShipped},
}

// OrderReworkCan reports whether a rework's booking may do a on an order
// in status (beyond OrderCan).
func OrderReworkCan(status string, a Action) bool { return reworkOrderTransitions.Can(status, a) }

// OrderCan reports whether an order in status allows a.
func OrderCan(status string, a Action) bool { return orderTransitions.Can(status, a) }

// orderStep checks a against an order's status: the status a leads to, or
// the 409 that refuses it.
func orderStep(from string, a Action) (string, error) {
	if to, ok := orderTransitions.Next(from, a); ok {
		return to, nil
	}
	return "", orderRefusal(from, a)
}

// orderRefusal is the 409 for an action an order's status does not allow.
func orderRefusal(from string, a Action) *ConflictError {
	switch a {
	case OrderEdit, OrderReplan:
		return Conflict("order_not_editable", "status", from)
	case OrderConfirm:
		return Conflict("order_not_draft", "status", from)
	case OrderCancel:
		return Conflict("order_not_cancellable", "status", from)
	case OrderReport:
		switch from {
		case StatusCancelled:
			return Conflict("order_cancelled")
		case StatusDraft:
			return Conflict("order_not_confirmed")
		}
		return Conflict("order_closed")
	case OrderSubmitSample:
		return Conflict("order_not_open_for_samples")
	case OrderInspect:
		return Conflict("order_not_open_for_inspections", "status", from)
	case OrderDeliver, OrderShip:
		if from == StatusCancelled {
			return Conflict("order_cancelled")
		}
		return Conflict("order_not_open_for_deliveries", "status", from)
	case OrderClose:
		return Conflict("order_not_closable", "status", from)
	}
	return Conflict("conflict")
}

// liveOrderStatuses are the orders whose plan is being worked: the only
// ones that can be overdue or due soon (a test ties them to OrderReplan).
var liveOrderStatuses = []string{StatusConfirmed, StatusInProduction, StatusPartiallyShipped}

// Milestone actions.
const (
	// MilestoneReport is progress on the step without finishing it.
	MilestoneReport Action = "report"
	// MilestoneFinish is a report that the step is done, or the approval of
	// the sample the step waits for.
	MilestoneFinish     Action = "finish"
	MilestoneReschedule Action = "reschedule"
	// MilestoneCancel happens when the order is cancelled.
	MilestoneCancel Action = "cancel"
	// MilestoneComplete is staff marking a step done with its actual date
	// (the factory did not report it, or reported it elsewhere).
	MilestoneComplete Action = "complete"
	// MilestoneSkip is staff marking a step not applicable, with a reason.
	// Its own status rather than cancelled, so neither side reads a step
	// the customer dropped as a cancelled order's.
	MilestoneSkip Action = "skip"
)

// MilestoneActions lists every milestone action (for the table test).
var MilestoneActions = []Action{MilestoneReport, MilestoneFinish, MilestoneReschedule, MilestoneCancel, MilestoneComplete, MilestoneSkip}

// MilestoneStatuses lists every milestone status.
var MilestoneStatuses = []string{MilestoneOpen, MilestoneInProgress, MilestoneDone, MilestoneCancelled, MilestoneNotApplicable}

// milestoneTransitions: a report starts a step, a done report or a sample
// approval finishes it; a done step still takes corrections (a later
// cumulative quantity, another actual date) but is never rescheduled; a
// cancelled or not applicable step takes nothing. Staff may complete or
// skip (make not applicable) a step still to do.
var milestoneTransitions = Transitions{
	MilestoneOpen: {MilestoneReport: MilestoneInProgress, MilestoneFinish: MilestoneDone,
		MilestoneReschedule: MilestoneOpen, MilestoneCancel: MilestoneCancelled,
		MilestoneComplete: MilestoneDone, MilestoneSkip: MilestoneNotApplicable},
	MilestoneInProgress: {MilestoneReport: MilestoneInProgress, MilestoneFinish: MilestoneDone,
		MilestoneReschedule: MilestoneInProgress, MilestoneCancel: MilestoneCancelled,
		MilestoneComplete: MilestoneDone, MilestoneSkip: MilestoneNotApplicable},
	MilestoneDone:          {MilestoneReport: MilestoneDone, MilestoneFinish: MilestoneDone},
	MilestoneCancelled:     {},
	MilestoneNotApplicable: {},
}

// MilestoneCan reports whether a milestone in status allows a.
func MilestoneCan(status string, a Action) bool { return milestoneTransitions.Can(status, a) }

// milestoneStep checks a against a milestone's status.
func milestoneStep(from string, a Action) (string, error) {
	if to, ok := milestoneTransitions.Next(from, a); ok {
		return to, nil
	}
	return "", Conflict("milestone_closed", "status", from)
}

// openMilestoneStatuses are the steps still to do: the ones a date change
// moves, an order cancellation cancels and "overdue" looks at.
var openMilestoneStatuses = milestoneTransitions.From(MilestoneReschedule)

// Sample round actions.
const (
	SampleApprove             Action = "approve"
	SampleApproveWithComments Action = "approve_with_comments"
	SampleReject              Action = "reject"
	// SampleResubmit is a new round of the type after a rejection; it makes
	// a new round and leaves the rejected one as it is.
	SampleResubmit Action = "resubmit"
)

// SampleActions lists every sample round action (for the table test).
var SampleActions = []Action{SampleApprove, SampleApproveWithComments, SampleReject, SampleResubmit}

// SampleStatuses lists every sample round status.
var SampleStatuses = []string{SamplePending, SampleApproved, SampleApprovedWithComments, SampleRejected}

// sampleTransitions: a pending round is decided once; a rejected one asks
// for a new round.
var sampleTransitions = Transitions{
	SamplePending: {SampleApprove: SampleApproved, SampleApproveWithComments: SampleApprovedWithComments,
		SampleReject: SampleRejected},
	SampleApproved:             {},
	SampleApprovedWithComments: {},
	SampleRejected:             {SampleResubmit: SampleRejected},
}

// SampleCan reports whether a round in status allows a.
func SampleCan(status string, a Action) bool { return sampleTransitions.Can(status, a) }

// sampleStep checks a against a round's status.
func sampleStep(from string, a Action) (string, error) {
	if to, ok := sampleTransitions.Next(from, a); ok {
		return to, nil
	}
	if a == SampleResubmit {
		return "", Conflict("conflict")
	}
	return "", Conflict("sample_decided")
}

// sampleDecisionAction is the action of a decision status.
var sampleDecisionAction = map[string]Action{
	SampleApproved:             SampleApprove,
	SampleApprovedWithComments: SampleApproveWithComments,
	SampleRejected:             SampleReject,
}

// Inspection actions.
const (
	// InspConfirm is staff confirming a booking (perhaps on another date);
	// on a confirmed inspection it moves the date.
	InspConfirm Action = "confirm"
	// InspAssign names the inspector.
	InspAssign Action = "assign"
	InspCancel Action = "cancel"
	// InspComplete records the findings; the server gives the verdict.
	InspComplete Action = "complete"
	// InspOverride is staff setting the result against the computed one,
	// with a reason.
	InspOverride Action = "override"
	// InspReinspect books a re-inspection of a failed lot (a new inspection;
	// the failed one stays as it is).
	InspReinspect Action = "reinspect"
)

// InspectionActions lists every inspection action (for the table test).
var InspectionActions = []Action{InspConfirm, InspAssign, InspCancel, InspComplete, InspOverride, InspReinspect}

// InspectionStatuses lists every inspection status.
var InspectionStatuses = []string{InspRequested, InspConfirmed, InspCompleted, InspCancelled}

// inspectionTransitions: a request is confirmed by staff (or cancelled);
// a confirmed inspection is recorded once; a completed one takes an
// override and, when failed, a re-inspection.
var inspectionTransitions = Transitions{
	InspRequested: {InspConfirm: InspConfirmed, InspAssign: InspRequested, InspCancel: InspCancelled},
	InspConfirmed: {InspConfirm: InspConfirmed, InspAssign: InspConfirmed, InspCancel: InspCancelled,
		InspComplete: InspCompleted},
	InspCompleted: {InspOverride: InspCompleted, InspReinspect: InspCompleted},
	InspCancelled: {},
}

// InspectionCan reports whether an inspection in status allows a.
func InspectionCan(status string, a Action) bool { return inspectionTransitions.Can(status, a) }

// inspectionStep checks a against an inspection's status.
func inspectionStep(from string, a Action) (string, error) {
	if to, ok := inspectionTransitions.Next(from, a); ok {
		return to, nil
	}
	switch a {
	case InspComplete:
		if from == InspRequested {
			return "", Conflict("inspection_not_confirmed")
		}
		return "", Conflict("inspection_not_open", "status", from)
	case InspOverride, InspReinspect:
		return "", Conflict("inspection_not_completed", "status", from)
	}
	return "", Conflict("inspection_not_open", "status", from)
}

// Delivery actions.
const (
	DelivConfirm    Action = "confirm"
	DelivReschedule Action = "reschedule"
	DelivReject     Action = "reject"
	DelivCancel     Action = "cancel"
	// DelivPack saves the packing list.
	DelivPack    Action = "pack"
	DelivShip    Action = "ship"
	DelivReceive Action = "receive"
)

// DeliveryActions lists every delivery action (for the table test).
var DeliveryActions = []Action{DelivConfirm, DelivReschedule, DelivReject, DelivCancel, DelivPack, DelivShip, DelivReceive}

// DeliveryStatuses lists every delivery status.
var DeliveryStatuses = []string{DelivRequested, DelivConfirmed, DelivShipped, DelivReceived, DelivRejected, DelivCancelled}

// deliveryTransitions: staff confirm, reschedule or reject a request; a
// booking is cancelled, packed or rescheduled until it ships; a confirmed
// one ships; a shipped one is received (and its packing list corrected);
// received, rejected and cancelled deliveries take nothing.
var deliveryTransitions = Transitions{
	DelivRequested: {DelivConfirm: DelivConfirmed, DelivReschedule: DelivRequested, DelivReject: DelivRejected,
		DelivCancel: DelivCancelled, DelivPack: DelivRequested},
	DelivConfirmed: {DelivReschedule: DelivConfirmed, DelivCancel: DelivCancelled, DelivPack: DelivConfirmed,
		DelivShip: DelivShipped},
	DelivShipped:   {DelivPack: DelivShipped, DelivReceive: DelivReceived},
	DelivReceived:  {},
	DelivRejected:  {},
	DelivCancelled: {},
}

// DeliveryCan reports whether a delivery in status allows a.
func DeliveryCan(status string, a Action) bool { return deliveryTransitions.Can(status, a) }

// deliveryStep checks a against a delivery's status.
func deliveryStep(from string, a Action) (string, error) {
	if to, ok := deliveryTransitions.Next(from, a); ok {
		return to, nil
	}
	if a == DelivShip && from == DelivRequested {
		return "", Conflict("delivery_not_confirmed")
	}
	return "", Conflict("delivery_not_open", "status", from)
}
