package server

import (
	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// The five rights of a material supplier (适时，适质，适地，适量，适价): the
// rules are models.MaterialScorecard's.

type scoreSupplierDTO struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

type scoreOnTimeDTO struct {
	Shipped       int      `json:"shipped"`
	OnBaseline    int      `json:"on_baseline"`
	OnPromise     int      `json:"on_promise"`
	OnBaselinePct *float64 `json:"on_baseline_pct"`
	OnPromisePct  *float64 `json:"on_promise_pct"`
}

type scoreQualityDTO struct {
	Inspected   int      `json:"inspected"`
	FirstPassed int      `json:"first_passed"`
	PassPct     *float64 `json:"pass_pct"`
}

type scorePlaceDTO struct {
	Receipts   int      `json:"receipts"`
	RightPlace int      `json:"right_place"`
	Pct        *float64 `json:"pct"`
}

type scoreQuantityDTO struct {
	Lines    int      `json:"lines"`
	Short    int      `json:"short"`
	Over     int      `json:"over"`
	ShortPct *float64 `json:"short_pct"`
	OverPct  *float64 `json:"over_pct"`
}

type scorePriceDTO struct {
	Compared    int      `json:"compared"`
	VariancePct *float64 `json:"variance_pct"`
}

type materialScorecardDTO struct {
	MaterialSupplier scoreSupplierDTO `json:"material_supplier"`
	From             string           `json:"from"`
	To               string           `json:"to"`
	POs              int              `json:"pos"`
	OnTime           scoreOnTimeDTO   `json:"on_time"`
	Quality          scoreQualityDTO  `json:"quality"`
	Place            scorePlaceDTO    `json:"place"`
	Quantity         scoreQuantityDTO `json:"quantity"`
	Price            scorePriceDTO    `json:"price"`
}

// pct is n of d as a percentage with one decimal, nil when d is 0.
func pct(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	v := float64((n*1000+d/2)/d) / 10
	return &v
}

func (s *Server) materialScorecard(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	today := s.clock.Now().UTC().Format(models.DateLayout)
	from, to := c.Query("from"), c.Query("to", today)
	v := &models.ValidationError{}
	if fe := models.DateProblem(to); fe != nil {
		v.AddProblem("to", *fe)
	}
	if from == "" && v.Err() == nil {
		t, _ := models.ParseDate(to)
		from = t.AddDate(-1, 0, 1).Format(models.DateLayout)
	} else if fe := models.DateProblem(from); fe != nil {
		v.AddProblem("from", *fe)
	}
	if v.Err() == nil && from > to {
		v.Add("to", "before_from", "from", from)
	}
	if err := v.Err(); err != nil {
		return err
	}
	sc, err := s.store.MaterialScorecard(c.UserContext(), id, from, to)
	if err != nil {
		return err
	}
	out := materialScorecardDTO{
		MaterialSupplier: scoreSupplierDTO{ID: sc.Supplier.ID, Code: sc.Supplier.Code, Name: sc.Supplier.Name},
		From:             from, To: to, POs: sc.POs,
		OnTime: scoreOnTimeDTO{Shipped: sc.Shipped, OnBaseline: sc.OnBaseline, OnPromise: sc.OnPromise,
			OnBaselinePct: pct(sc.OnBaseline, sc.Shipped), OnPromisePct: pct(sc.OnPromise, sc.Shipped)},
		Quality:  scoreQualityDTO{Inspected: sc.Inspected, FirstPassed: sc.FirstPassed, PassPct: pct(sc.FirstPassed, sc.Inspected)},
		Place:    scorePlaceDTO{Receipts: sc.Receipts, RightPlace: sc.RightPlace, Pct: pct(sc.RightPlace, sc.Receipts)},
		Quantity: scoreQuantityDTO{Lines: sc.Lines, Short: sc.Short, Over: sc.Over, ShortPct: pct(sc.Short, sc.Lines), OverPct: pct(sc.Over, sc.Lines)},
		Price:    scorePriceDTO{Compared: sc.PriceCompared},
	}
	if sc.PriceVarianceE2 != nil {
		f := float64(*sc.PriceVarianceE2) / 100
		out.Price.VariancePct = &f
	}
	return c.JSON(out)
}
