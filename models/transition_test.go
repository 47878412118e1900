package models

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"testing"
)

// transitionCase is one status × action and what the table answers.
type transitionCase struct {
	from    string
	action  Action
	to      string // the status the action leads to, when allowed
	refused string // the 409 code, when refused
}

// checkTable runs the cases of one table and checks they cover every
// status × action exactly once.
func checkTable(t *testing.T, statuses []string, actions []Action, cases []transitionCase,
	table Transitions, step func(string, Action) (string, error)) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range cases {
		key := c.from + " × " + string(c.action)
		if seen[key] {
			t.Errorf("%s: listed twice", key)
		}
		seen[key] = true
		to, err := step(c.from, c.action)
		if c.refused == "" {
			if err != nil || to != c.to {
				t.Errorf("%s = %q, %v; want %q", key, to, err, c.to)
			}
			if !table.Can(c.from, c.action) {
				t.Errorf("%s: Can says no, the case says yes", key)
			}
			continue
		}
		var ce *ConflictError
		if !errors.As(err, &ce) || !errors.Is(err, ErrConflict) || ce.Code != c.refused {
			t.Errorf("%s = %q, %v; want the 409 %s", key, to, err, c.refused)
			continue
		}
		if _, ok := ErrorCodes[ce.Code]; !ok {
			t.Errorf("%s: refusal code %q is not registered", key, ce.Code)
		}
		if table.Can(c.from, c.action) {
			t.Errorf("%s: Can says yes, the case says no", key)
		}
	}
	for _, st := range statuses {
		if _, ok := table[st]; !ok {
			t.Errorf("status %s has no row in the table", st)
		}
		for _, a := range actions {
			if !seen[st+" × "+string(a)] {
				t.Errorf("no case for %s × %s", st, a)
			}
		}
	}
	if len(table) != len(statuses) {
		t.Errorf("the table has %d statuses, want %d", len(table), len(statuses))
	}
	for st, row := range table {
		for a, to := range row {
			if !contains(statuses, to) {
				t.Errorf("%s × %s leads to the unknown status %q", st, a, to)
			}
		}
	}
}

func TestOrderTransitions(t *testing.T) {
	const (
		draft, confirmed, inProd = StatusDraft, StatusConfirmed, StatusInProduction
		shipped, closed, cancel  = StatusShipped, StatusClosed, StatusCancelled
		part                     = StatusPartiallyShipped
		notOpen                  = "order_not_open_for_deliveries"
	)
	cases := []transitionCase{
		{draft, OrderEdit, draft, ""},
		{draft, OrderConfirm, confirmed, ""},
		{draft, OrderCancel, cancel, ""},
		{draft, OrderComment, draft, ""},
		{draft, OrderReport, "", "order_not_confirmed"},
		{draft, OrderSubmitSample, "", "order_not_open_for_samples"},
		{draft, OrderReplan, "", "order_not_editable"},
		{draft, OrderInspect, "", "order_not_open_for_inspections"},
		{draft, OrderDeliver, "", notOpen},
		{draft, OrderShip, "", notOpen},
		{draft, OrderClose, "", "order_not_closable"},

		{confirmed, OrderEdit, confirmed, ""},
		{confirmed, OrderConfirm, "", "order_not_draft"},
		{confirmed, OrderCancel, cancel, ""},
		{confirmed, OrderComment, confirmed, ""},
		{confirmed, OrderReport, inProd, ""},
		{confirmed, OrderSubmitSample, confirmed, ""},
		{confirmed, OrderReplan, confirmed, ""},
		{confirmed, OrderInspect, confirmed, ""},
		{confirmed, OrderDeliver, confirmed, ""},
		{confirmed, OrderShip, part, ""},
		{confirmed, OrderClose, "", "order_not_closable"},

		{inProd, OrderEdit, inProd, ""},
		{inProd, OrderConfirm, "", "order_not_draft"},
		{inProd, OrderCancel, cancel, ""},
		{inProd, OrderComment, inProd, ""},
		{inProd, OrderReport, inProd, ""},
		{inProd, OrderSubmitSample, inProd, ""},
		{inProd, OrderReplan, inProd, ""},
		{inProd, OrderInspect, inProd, ""},
		{inProd, OrderDeliver, inProd, ""},
		{inProd, OrderShip, part, ""},
		{inProd, OrderClose, "", "order_not_closable"},

		{part, OrderEdit, "", "order_not_editable"},
		{part, OrderConfirm, "", "order_not_draft"},
		{part, OrderCancel, "", "order_not_cancellable"},
		{part, OrderComment, part, ""},
		{part, OrderReport, part, ""},
		{part, OrderSubmitSample, part, ""},
		{part, OrderReplan, part, ""},
		{part, OrderInspect, part, ""},
		{part, OrderDeliver, part, ""},
		{part, OrderShip, part, ""},
		{part, OrderClose, "", "order_not_closable"},

		{shipped, OrderEdit, "", "order_not_editable"},
		{shipped, OrderConfirm, "", "order_not_draft"},
		{shipped, OrderCancel, "", "order_not_cancellable"},
		{shipped, OrderComment, shipped, ""},
		{shipped, OrderReport, shipped, ""},
		{shipped, OrderSubmitSample, "", "order_not_open_for_samples"},
		{shipped, OrderReplan, "", "order_not_editable"},
		{shipped, OrderInspect, "", "order_not_open_for_inspections"},
		{shipped, OrderDeliver, "", notOpen},
		{shipped, OrderShip, shipped, ""},
		{shipped, OrderClose, closed, ""},

		{closed, OrderEdit, "", "order_not_editable"},
		{closed, OrderConfirm, "", "order_not_draft"},
		{closed, OrderCancel, "", "order_not_cancellable"},
		{closed, OrderComment, closed, ""},
		{closed, OrderReport, "", "order_closed"},
		{closed, OrderSubmitSample, "", "order_not_open_for_samples"},
		{closed, OrderReplan, "", "order_not_editable"},
		{closed, OrderInspect, "", "order_not_open_for_inspections"},
		{closed, OrderDeliver, "", notOpen},
		{closed, OrderShip, "", notOpen},
		{closed, OrderClose, "", "order_not_closable"},

		{cancel, OrderEdit, "", "order_not_editable"},
		{cancel, OrderConfirm, "", "order_not_draft"},
		{cancel, OrderCancel, "", "order_not_cancellable"},
		{cancel, OrderComment, cancel, ""},
		{cancel, OrderReport, "", "order_cancelled"},
		{cancel, OrderSubmitSample, "", "order_not_open_for_samples"},
		{cancel, OrderReplan, "", "order_not_editable"},
		{cancel, OrderInspect, "", "order_not_open_for_inspections"},
		{cancel, OrderDeliver, "", "order_cancelled"},
		{cancel, OrderShip, "", "order_cancelled"},
		{cancel, OrderClose, "", "order_not_closable"},
	}
	checkTable(t, OrderStatuses, OrderActions, cases, orderTransitions, orderStep)
}

func TestMilestoneTransitions(t *testing.T) {
	const open, busy, done, gone, na = MilestoneOpen, MilestoneInProgress, MilestoneDone, MilestoneCancelled, MilestoneNotApplicable
	const closed = "milestone_closed"
	cases := []transitionCase{
		{open, MilestoneReport, busy, ""},
		{open, MilestoneFinish, done, ""},
		{open, MilestoneReschedule, open, ""},
		{open, MilestoneCancel, gone, ""},
		{open, MilestoneComplete, done, ""},
		{open, MilestoneSkip, na, ""},

		{busy, MilestoneReport, busy, ""},
		{busy, MilestoneFinish, done, ""},
		{busy, MilestoneReschedule, busy, ""},
		{busy, MilestoneCancel, gone, ""},
		{busy, MilestoneComplete, done, ""},
		{busy, MilestoneSkip, na, ""},

		{done, MilestoneReport, done, ""},
		{done, MilestoneFinish, done, ""},
		{done, MilestoneReschedule, "", closed},
		{done, MilestoneCancel, "", closed},
		{done, MilestoneComplete, "", closed},
		{done, MilestoneSkip, "", closed},

		{gone, MilestoneReport, "", closed},
		{gone, MilestoneFinish, "", closed},
		{gone, MilestoneReschedule, "", closed},
		{gone, MilestoneCancel, "", closed},
		{gone, MilestoneComplete, "", closed},
		{gone, MilestoneSkip, "", closed},

		{na, MilestoneReport, "", closed},
		{na, MilestoneFinish, "", closed},
		{na, MilestoneReschedule, "", closed},
		{na, MilestoneCancel, "", closed},
		{na, MilestoneComplete, "", closed},
		{na, MilestoneSkip, "", closed},
	}
	checkTable(t, MilestoneStatuses, MilestoneActions, cases, milestoneTransitions, milestoneStep)
}

func TestInspectionTransitions(t *testing.T) {
	const req, conf, done, gone = InspRequested, InspConfirmed, InspCompleted, InspCancelled
	cases := []transitionCase{
		{req, InspConfirm, conf, ""},
		{req, InspAssign, req, ""},
		{req, InspCancel, gone, ""},
		{req, InspComplete, "", "inspection_not_confirmed"},
		{req, InspOverride, "", "inspection_not_completed"},
		{req, InspReinspect, "", "inspection_not_completed"},

		{conf, InspConfirm, conf, ""},
		{conf, InspAssign, conf, ""},
		{conf, InspCancel, gone, ""},
		{conf, InspComplete, done, ""},
		{conf, InspOverride, "", "inspection_not_completed"},
		{conf, InspReinspect, "", "inspection_not_completed"},

		{done, InspConfirm, "", "inspection_not_open"},
		{done, InspAssign, "", "inspection_not_open"},
		{done, InspCancel, "", "inspection_not_open"},
		{done, InspComplete, "", "inspection_not_open"},
		{done, InspOverride, done, ""},
		{done, InspReinspect, done, ""},

		{gone, InspConfirm, "", "inspection_not_open"},
		{gone, InspAssign, "", "inspection_not_open"},
		{gone, InspCancel, "", "inspection_not_open"},
		{gone, InspComplete, "", "inspection_not_open"},
		{gone, InspOverride, "", "inspection_not_completed"},
		{gone, InspReinspect, "", "inspection_not_completed"},
	}
	checkTable(t, InspectionStatuses, InspectionActions, cases, inspectionTransitions, inspectionStep)
}

func TestSampleTransitions(t *testing.T) {
	const pending, ok, okc, rej = SamplePending, SampleApproved, SampleApprovedWithComments, SampleRejected
	const decided = "sample_decided"
	cases := []transitionCase{
		{pending, SampleApprove, ok, ""},
		{pending, SampleApproveWithComments, okc, ""},
		{pending, SampleReject, rej, ""},
		{pending, SampleResubmit, "", "conflict"},

		{ok, SampleApprove, "", decided},
		{ok, SampleApproveWithComments, "", decided},
		{ok, SampleReject, "", decided},
		{ok, SampleResubmit, "", "conflict"},

		{okc, SampleApprove, "", decided},
		{okc, SampleApproveWithComments, "", decided},
		{okc, SampleReject, "", decided},
		{okc, SampleResubmit, "", "conflict"},

		{rej, SampleApprove, "", decided},
		{rej, SampleApproveWithComments, "", decided},
		{rej, SampleReject, "", decided},
		{rej, SampleResubmit, rej, ""},
	}
	checkTable(t, SampleStatuses, SampleActions, cases, sampleTransitions, sampleStep)
	// Each decision status is reached by its own action.
	for st, a := range sampleDecisionAction {
		if to, _ := sampleTransitions.Next(SamplePending, a); to != st {
			t.Errorf("decision %s: action %s leads to %s", st, a, to)
		}
	}
}

// TestDerivedStatusLists: the status lists other code filters on follow the
// tables.
func TestDerivedStatusLists(t *testing.T) {
	if got, want := orderTransitions.From(OrderReplan), sorted(liveOrderStatuses); !reflect.DeepEqual(got, want) {
		t.Errorf("orders whose plan is worked (replan) = %v, liveOrderStatuses = %v", got, want)
	}
	if got, want := milestoneTransitions.From(MilestoneCancel), sorted(openMilestoneStatuses); !reflect.DeepEqual(got, want) {
		t.Errorf("steps an order cancellation cancels = %v, open steps = %v", got, want)
	}
	if want := []string{MilestoneInProgress, MilestoneOpen}; !reflect.DeepEqual(openMilestoneStatuses, want) {
		t.Errorf("open steps = %v, want %v", openMilestoneStatuses, want)
	}
	if got := orderTransitions.From(OrderConfirm); !reflect.DeepEqual(got, []string{StatusDraft}) {
		t.Errorf("confirmable statuses = %v", got)
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func TestDeliveryTransitions(t *testing.T) {
	const req, conf, ship, recv, rej, gone = DelivRequested, DelivConfirmed, DelivShipped, DelivReceived, DelivRejected, DelivCancelled
	const notOpen = "delivery_not_open"
	cases := []transitionCase{
		{req, DelivConfirm, conf, ""},
		{req, DelivReschedule, req, ""},
		{req, DelivReject, rej, ""},
		{req, DelivCancel, gone, ""},
		{req, DelivPack, req, ""},
		{req, DelivShip, "", "delivery_not_confirmed"},
		{req, DelivReceive, "", notOpen},
	}
	for _, st := range []string{conf, ship, recv, rej, gone} {
		allowed := map[Action]string{}
		switch st {
		case conf:
			allowed = map[Action]string{DelivReschedule: conf, DelivCancel: gone, DelivPack: conf, DelivShip: ship}
		case ship:
			allowed = map[Action]string{DelivPack: ship, DelivReceive: recv}
		}
		for _, a := range DeliveryActions {
			if to, ok := allowed[a]; ok {
				cases = append(cases, transitionCase{st, a, to, ""})
			} else {
				cases = append(cases, transitionCase{st, a, "", notOpen})
			}
		}
	}
	checkTable(t, DeliveryStatuses, DeliveryActions, cases, deliveryTransitions, deliveryStep)
}

func TestSendTransitions(t *testing.T) {
	cases := []transitionCase{
		{SendFailed, SendRetry, SendPending, ""},
		{SendPending, SendRetry, "", "send_not_failed"},
		{SendSent, SendRetry, "", "send_not_failed"},
		{SendDropped, SendRetry, "", "send_not_failed"},
	}
	checkTable(t, SendStatuses, SendActions, cases, sendTransitions, sendStep)
}

// TestMaterialPOTransitions lists every status × action of a material PO:
// what each allows and where it leads (receive's target is decided by the
// quantities; the table gives partially_received).
func TestMaterialPOTransitions(t *testing.T) {
	const draft, sent, conf, ship, part, recv, gone = MPODraft, MPOSent, MPOConfirmed, MPOShipped, MPOPartiallyReceived, MPOReceived, MPOCancelled
	allowed := map[string]map[Action]string{
		draft: {MPOEdit: draft, MPOSend: sent, MPOCancel: gone},
		sent:  {MPOConfirm: conf, MPOReschedule: sent, MPOCancel: gone},
		conf:  {MPOReschedule: conf, MPOShip: ship, MPOReceive: part, MPOCancel: gone},
		ship:  {MPOReschedule: ship, MPOReceive: part},
		part:  {MPOReceive: part},
		recv:  {},
		gone:  {},
	}
	var cases []transitionCase
	for _, st := range MaterialPOStatuses {
		for _, a := range MaterialPOActions {
			if to, ok := allowed[st][a]; ok {
				cases = append(cases, transitionCase{st, a, to, ""})
			} else {
				cases = append(cases, transitionCase{st, a, "", "material_po_not_open"})
			}
		}
	}
	checkTable(t, MaterialPOStatuses, MaterialPOActions, cases, materialPOTransitions, materialPOStep)
	// Receiving ends in received only when every line has its quantity.
	for _, c := range []struct {
		lines []MaterialPOLine
		want  string
	}{
		{[]MaterialPOLine{{QuantityE2: 100, ReceivedE2: 99}}, part},
		{[]MaterialPOLine{{QuantityE2: 100, ReceivedE2: 100}}, recv},
		{[]MaterialPOLine{{QuantityE2: 100, ReceivedE2: 150}, {QuantityE2: 10, ReceivedE2: 0}}, part},
		{[]MaterialPOLine{{QuantityE2: 100, ReceivedE2: 150}, {QuantityE2: 10, ReceivedE2: 10}}, recv},
	} {
		if got := materialPOReceivedStatus(c.lines); got != c.want {
			t.Errorf("received %v = %s, want %s", c.lines, got, c.want)
		}
	}
}

// TestComplaintTransitions lists every status × action of a complaint (the
// close rule — resolutions done, CAPA verified — is the store's, tested in
// server/complaints_test.go).
func TestComplaintTransitions(t *testing.T) {
	const open, inv, agreed, closed = ComplaintOpen, ComplaintInvestigating, ComplaintAgreed, ComplaintClosed
	allowed := map[string]map[Action]string{
		open:   {ComplaintAnswer: open, ComplaintInvestigate: inv},
		inv:    {ComplaintAnswer: inv, ComplaintResolve: inv, ComplaintAgree: agreed},
		agreed: {ComplaintResolve: agreed, ComplaintClose: closed},
		closed: {},
	}
	var cases []transitionCase
	for _, st := range ComplaintStatuses {
		for _, a := range ComplaintActions {
			if to, ok := allowed[st][a]; ok {
				cases = append(cases, transitionCase{st, a, to, ""})
			} else {
				cases = append(cases, transitionCase{st, a, "", "complaint_not_open"})
			}
		}
	}
	checkTable(t, ComplaintStatuses, ComplaintActions, cases, complaintTransitions, complaintStep)
}

// TestCAPATransitions lists every status × action of a CAPA.
func TestCAPATransitions(t *testing.T) {
	const open, done, verified = CAPAOpen, CAPADone, CAPAVerified
	allowed := map[string]map[Action]string{
		open:     {CAPAEdit: open, CAPAComplete: done},
		done:     {CAPAVerify: verified, CAPAReopen: open},
		verified: {},
	}
	var cases []transitionCase
	for _, st := range CAPAStatuses {
		for _, a := range CAPAActions {
			if to, ok := allowed[st][a]; ok {
				cases = append(cases, transitionCase{st, a, to, ""})
			} else {
				cases = append(cases, transitionCase{st, a, "", "capa_not_open"})
			}
		}
	}
	checkTable(t, CAPAStatuses, CAPAActions, cases, capaTransitions, capaStep)
}

// TestOrderReworkTransitions: a rework's booking (ForRework) widens only
// the shipped order, by the one re-inspection and re-delivery; every other
// status answers as orderTransitions does, and a booking without the
// rework's context is still refused on a shipped order.
func TestOrderReworkTransitions(t *testing.T) {
	ctx := context.Background()
	rework := ForRework(ctx)
	for _, st := range OrderStatuses {
		for _, a := range OrderActions {
			want := OrderCan(st, a) || (st == StatusShipped && (a == OrderInspect || a == OrderDeliver))
			if got := orderAllows(rework, st, a); got != want {
				t.Errorf("rework %s × %s = %v, want %v", st, a, got, want)
			}
			if got := orderAllows(ctx, st, a); got != OrderCan(st, a) {
				t.Errorf("plain %s × %s = %v", st, a, got)
			}
		}
	}
	if OrderCan(StatusShipped, OrderInspect) || OrderCan(StatusShipped, OrderDeliver) {
		t.Error("a shipped order takes ordinary inspections or deliveries")
	}
	if got := reworkOrderTransitions.From(OrderDeliver); !reflect.DeepEqual(got, []string{StatusShipped}) {
		t.Errorf("rework deliveries from %v", got)
	}
}

func TestResolutionTransitions(t *testing.T) {
	const open, done, gone = ResolutionOpen, ResolutionDone, ResolutionCancelled
	const closed = "resolution_not_open"
	cases := []transitionCase{
		{open, ResolutionProgress, open, ""},
		{open, ResolutionAcknowledge, open, ""},
		{open, ResolutionComplete, done, ""},
		{open, ResolutionCancel, gone, ""},
		{done, ResolutionProgress, "", closed},
		{done, ResolutionAcknowledge, "", closed},
		{done, ResolutionComplete, "", closed},
		{done, ResolutionCancel, "", closed},
		{gone, ResolutionProgress, "", closed},
		{gone, ResolutionAcknowledge, "", closed},
		{gone, ResolutionComplete, "", closed},
		{gone, ResolutionCancel, "", closed},
	}
	checkTable(t, ResolutionStatuses, ResolutionActions, cases, resolutionTransitions, resolutionStep)
}
