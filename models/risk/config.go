package risk

// The default thresholds. Each is what the merchandisers asked for;
// GENDAN_RISK_* overrides them (see gendan serve --help).
const (
	// DefaultOutputWindowDays: the observed daily output is measured over
	// the output reported on the latest 7 reporting days.
	DefaultOutputWindowDays = 7
	// DefaultNoUpdateDays: 3 working days without a report make an order
	// in production quiet (no_update).
	DefaultNoUpdateDays = 3
	// DefaultSampleWindowDays: a sample not approved whose step is planned
	// within 7 calendar days (or in the past) is a reason.
	DefaultSampleWindowDays = 7
	// DefaultDeliveryBookDays: from 10 calendar days before the ex-factory
	// date an order should have a delivery booked.
	DefaultDeliveryBookDays = 10
	// DefaultAtRiskSlackDays: a projection fewer than 2 working days before
	// the ex-factory date makes the order at risk.
	DefaultAtRiskSlackDays = 2
	// DefaultLateOverdueDays: a step 10 working days overdue makes the
	// order late, and from then on pushes the projected date.
	DefaultLateOverdueDays = 10
	// DefaultHorizonDays: an output projection further than 250 working
	// days (about a year) is taken as "not within sight": the step is
	// projected at the horizon and its projected_date is "".
	DefaultHorizonDays = 250
)

// DefaultConfig returns the documented default thresholds.
func DefaultConfig() Config {
	return Config{
		OutputWindowDays: DefaultOutputWindowDays,
		NoUpdateDays:     DefaultNoUpdateDays,
		SampleWindowDays: DefaultSampleWindowDays,
		DeliveryBookDays: DefaultDeliveryBookDays,
		AtRiskSlackDays:  DefaultAtRiskSlackDays,
		LateOverdueDays:  DefaultLateOverdueDays,
		HorizonDays:      DefaultHorizonDays,
	}
}

// Normalize returns c with every threshold that is zero or negative
// replaced by its default, so a partly filled Config (or the zero Config)
// is usable. Evaluate normalizes its Config itself.
func (c Config) Normalize() Config {
	d := DefaultConfig()
	fill := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	fill(&c.OutputWindowDays, d.OutputWindowDays)
	fill(&c.NoUpdateDays, d.NoUpdateDays)
	fill(&c.SampleWindowDays, d.SampleWindowDays)
	fill(&c.DeliveryBookDays, d.DeliveryBookDays)
	fill(&c.AtRiskSlackDays, d.AtRiskSlackDays)
	fill(&c.LateOverdueDays, d.LateOverdueDays)
	fill(&c.HorizonDays, d.HorizonDays)
	return c
}

// ScoreBand is the range of scores of a live order at a level (both ends
// included): a store can select a level by score and keep its ranking
// index. ok is false for Done and unknown levels.
func ScoreBand(l Level) (lo, hi int, ok bool) {
	switch l {
	case Late:
		return 2 * bandWidth, 3*bandWidth - 1, true
	case AtRisk:
		return bandWidth, 2*bandWidth - 1, true
	case OnTrack:
		return 0, bandWidth - 1, true
	}
	return 0, 0, false
}
