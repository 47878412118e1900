package aql

// Switching rules of ISO 2859-1:1999, clause 9, as a pure state machine.
// The state holds exported fields with JSON tags so that it can be stored
// per supplier and product family and fed the next lot later.

// Reason codes for a change of severity (SwitchState.Reason).
const (
	ReasonTwoOfFiveRejected   = "two_of_five_rejected"    // 9.3.1 normal → tightened
	ReasonFiveAccepted        = "five_accepted"           // 9.3.2 tightened → normal
	ReasonSwitchingScore30    = "switching_score_30"      // 9.3.3 normal → reduced
	ReasonReducedLotRejected  = "reduced_lot_rejected"    // 9.3.4 a) reduced → normal
	ReasonProductionIrregular = "production_irregular"    // 9.3.4 b) reduced → normal
	ReasonOtherConditions     = "other_conditions"        // 9.3.4 c) reduced → normal
	ReasonDiscontinued        = "five_rejected_tightened" // 9.4 inspection discontinued
	ReasonResumed             = "resumed_tightened"       // 9.4 resumed after corrective action
)

// LotResult is what one lot contributes to the switching rules. Only
// lots on original inspection (not resubmitted lots) are to be fed in.
type LotResult struct {
	// Accepted: the lot was accepted on original inspection.
	Accepted bool `json:"accepted"`
	// Ac is the acceptance number of the plan used for the lot.
	Ac int `json:"ac"`
	// AcceptedTighter: the lot would also have been accepted had the AQL
	// been one step tighter (used for the switching score when Ac ≥ 2).
	AcceptedTighter bool `json:"accepted_tighter"`
	// ProductionSteady: production is at a steady rate (9.3.3 b, 9.3.4 b).
	ProductionSteady bool `json:"production_steady"`
	// AuthorityApproves: the responsible authority considers reduced
	// inspection desirable (9.3.3 c).
	AuthorityApproves bool `json:"authority_approves"`
	// OtherConditions: other conditions warrant a return to normal
	// inspection from reduced (9.3.4 c).
	OtherConditions bool `json:"other_conditions"`
}

// SwitchState is the switching state of one supplier / product family.
// The zero value is the start: normal inspection, score 0.
type SwitchState struct {
	Severity Severity `json:"severity"`
	// Recent holds the results (true = accepted) of up to the last five
	// lots on normal inspection since normal inspection began.
	Recent []bool `json:"recent,omitempty"`
	// SwitchingScore is the score of 9.3.3, kept on normal inspection.
	SwitchingScore int `json:"switching_score"`
	// ConsecutiveAccepted counts lots accepted in a row on tightened
	// inspection (9.3.2).
	ConsecutiveAccepted int `json:"consecutive_accepted"`
	// TightenedRejected is the cumulative number of lots not accepted
	// since tightened inspection began (9.4).
	TightenedRejected int `json:"tightened_rejected"`
	// Discontinued: acceptance inspection is discontinued (9.4); Next
	// leaves the state unchanged until Resume is called.
	Discontinued bool `json:"discontinued"`
	// Lots counts the lots fed in.
	Lots int `json:"lots"`
	// Reason is the reason code of the change made by the last call of
	// Next or Resume, empty when that lot changed nothing.
	Reason string `json:"reason,omitempty"`
}

func (s SwitchState) severity() Severity {
	if s.Severity == "" {
		return Normal
	}
	return s.Severity
}

func startNormal() SwitchState { return SwitchState{Severity: Normal} }

// Next applies one lot's result and returns the new state. s itself is
// not modified.
func (s SwitchState) Next(r LotResult) SwitchState {
	if s.Discontinued {
		s.Reason = ""
		return s
	}
	s.Recent = append([]bool(nil), s.Recent...)
	s.Lots++
	s.Reason = ""
	lots := s.Lots
	switch s.severity() {
	case Normal:
		s.Severity = Normal
		s.Recent = append(s.Recent, r.Accepted)
		if len(s.Recent) > 5 {
			s.Recent = s.Recent[len(s.Recent)-5:]
		}
		rejected := 0
		for _, ok := range s.Recent {
			if !ok {
				rejected++
			}
		}
		if rejected >= 2 {
			// 9.3.1: two lots not accepted among five or fewer
			// consecutive lots.
			s = SwitchState{Severity: Tightened, Lots: lots, Reason: ReasonTwoOfFiveRejected}
			return s
		}
		// 9.3.3: switching score.
		switch {
		case !r.Accepted:
			s.SwitchingScore = 0
		case r.Ac >= 2 && r.AcceptedTighter:
			s.SwitchingScore += 3
		case r.Ac >= 2:
			s.SwitchingScore = 0
		default:
			s.SwitchingScore += 2
		}
		if s.SwitchingScore >= 30 && r.ProductionSteady && r.AuthorityApproves {
			s = SwitchState{Severity: Reduced, Lots: lots, Reason: ReasonSwitchingScore30}
		}
	case Tightened:
		if r.Accepted {
			s.ConsecutiveAccepted++
			if s.ConsecutiveAccepted >= 5 {
				s = startNormal()
				s.Lots, s.Reason = lots, ReasonFiveAccepted
			}
			return s
		}
		s.ConsecutiveAccepted = 0
		s.TightenedRejected++
		if s.TightenedRejected >= 5 {
			s.Discontinued = true
			s.Reason = ReasonDiscontinued
		}
	case Reduced:
		reason := ""
		switch {
		case !r.Accepted:
			reason = ReasonReducedLotRejected
		case !r.ProductionSteady:
			reason = ReasonProductionIrregular
		case r.OtherConditions:
			reason = ReasonOtherConditions
		}
		if reason != "" {
			s = startNormal()
			s.Lots, s.Reason = lots, reason
		}
	}
	return s
}

// Resume restarts a discontinued inspection once the supplier has acted
// to improve quality: 9.4 says tightened inspection then applies, and
// the count of 9.4 starts again.
func (s SwitchState) Resume() SwitchState {
	if !s.Discontinued {
		s.Reason = ""
		return s
	}
	return SwitchState{Severity: Tightened, Lots: s.Lots, Reason: ReasonResumed}
}
