package server

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
	"gendan/models/aql"
)

// aqlPlanDTO is the single sampling plan actually used for a lot: after the
// table's arrows, so its sample size is the plan's, not the code letter's.
type aqlPlanDTO struct {
	CodeLetter string `json:"code_letter"`
	PlanLetter string `json:"plan_letter"`
	Level      string `json:"level"`
	AQL        string `json:"aql"`
	Severity   string `json:"severity"`
	LotSize    int    `json:"lot_size"`
	SampleSize int    `json:"sample_size"`
	Ac         int    `json:"ac"`
	Re         int    `json:"re"`
	// FullInspection: the plan's sample is at least the lot, so every unit
	// is inspected (sample_size is then the lot size).
	FullInspection bool `json:"full_inspection"`
}

// aqlPlan answers GET /api/v1/aql?lot_size=N&level=II&aql=2.5[&severity=normal]
// from ISO 2859-1 (models/aql). Every bad parameter is named in one 422.
func (s *Server) aqlPlan(c *fiber.Ctx) error {
	var v models.ValidationError
	lot, err := strconv.Atoi(strings.TrimSpace(c.Query("lot_size")))
	switch {
	case c.Query("lot_size") == "":
		v.Add("lot_size", "required")
	case err != nil:
		v.Add("lot_size", "wrong_type", "type", "whole number")
	case lot < 1 || lot > models.MaxLotSize:
		v.Add("lot_size", "out_of_range", "min", 1, "max", models.MaxLotSize)
	}
	level := aql.Level(c.Query("level", string(aql.LevelII)))
	if !slices.Contains(aql.Levels(), level) {
		v.Add("level", "one_of", "allowed", models.LevelsAllowed)
	}
	a := c.Query("aql")
	if a == "" {
		v.Add("aql", "required")
	} else if _, err := aql.ParseAQL(a); err != nil {
		v.Add("aql", "one_of", "allowed", strings.Join(aql.AQLs(), ", "))
	}
	sev := aql.Severity(c.Query("severity", string(aql.Normal)))
	if sev != aql.Normal && sev != aql.Tightened && sev != aql.Reduced {
		v.Add("severity", "one_of", "allowed", "normal, tightened, reduced")
	}
	if err := v.Err(); err != nil {
		return err
	}
	p, err := aql.Lookup(lot, level, a, sev)
	if errors.Is(err, aql.ErrNoPlan) {
		return models.Invalid("aql", "aql_no_plan")
	}
	if err != nil {
		return err
	}
	return c.JSON(aqlPlanDTO{CodeLetter: p.CodeLetter, PlanLetter: p.PlanLetter, Level: string(level), AQL: p.AQL,
		Severity: string(sev), LotSize: lot, SampleSize: p.SampleSize, Ac: p.Ac, Re: p.Re, FullInspection: p.Full})
}
