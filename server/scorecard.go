package server

import (
	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// Supplier scorecards (docs/RISK.md, "Scorecards"; the figures are defined
// in models/scorecard.go and the Scorecard schema of openapi.yaml).

type scorecardDTO struct {
	Supplier supplierBrief           `json:"supplier"`
	From     string                  `json:"from"`
	To       string                  `json:"to"`
	Today    string                  `json:"today"`
	Totals   models.ScorecardFigures `json:"totals"`
	Months   []models.ScorecardMonth `json:"months"`
	// OpenCAPAs: the supplier's corrective actions not verified now.
	OpenCAPAs int `json:"open_capas"`
}

// getScorecard: staff read any supplier's; a factory user its own (another
// supplier's is 404); qc users are kept out by the route.
func (s *Server) getScorecard(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if p := principalOf(c); p.IsFactory() && (p.SupplierID == nil || *p.SupplierID != id) {
		return errNotFound
	}
	sp, err := s.store.GetSupplier(c.UserContext(), id)
	if err != nil {
		return err
	}
	from, to, err := models.ScorecardRange(models.SupplierToday(s.clock.Now(), sp), c.Query("from"), c.Query("to"))
	if err != nil {
		return err
	}
	sc, err := s.store.SupplierScorecard(c.UserContext(), sp, from, to)
	if err != nil {
		return err
	}
	return c.JSON(scorecardDTO{Supplier: supplierBrief{ID: sp.ID, Code: sp.Code, Name: sp.Name, NameEn: sp.NameEn},
		From: sc.From, To: sc.To, Today: sc.Today, Totals: sc.Totals, Months: sc.Months, OpenCAPAs: sc.OpenCAPAs})
}
