package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// Escalation (docs/NOTIFICATIONS.md): the ladder admins configure, and the
// steps an order reached.

type escalationStepDTO struct {
	Position   int     `json:"position"`
	AfterHours int     `json:"after_hours"`
	ToSupplier bool    `json:"to_supplier"`
	ToAdmins   bool    `json:"to_admins"`
	UserIDs    []int64 `json:"user_ids"`
}

func ladderDTO(steps []models.EscalationStep) fiber.Map {
	out := make([]escalationStepDTO, 0, len(steps))
	for _, st := range steps {
		out = append(out, escalationStepDTO{Position: st.Position, AfterHours: st.AfterHours, ToSupplier: st.ToSupplier,
			ToAdmins: st.ToAdmins, UserIDs: st.UserIDs})
	}
	return fiber.Map{"steps": out}
}

func (s *Server) getLadder(c *fiber.Ctx) error {
	steps, err := s.store.EscalationLadder(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(ladderDTO(steps))
}

func (s *Server) putLadder(c *fiber.Ctx) error {
	var req struct {
		Steps []escalationStepDTO `json:"steps"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := make([]models.EscalationStep, 0, len(req.Steps))
	for _, st := range req.Steps {
		in = append(in, models.EscalationStep{AfterHours: st.AfterHours, ToSupplier: st.ToSupplier, ToAdmins: st.ToAdmins, UserIDs: st.UserIDs})
	}
	steps, err := s.store.SetEscalationLadder(c.UserContext(), in)
	if err != nil {
		return err
	}
	return c.JSON(ladderDTO(steps))
}

type escalationDTO struct {
	ID          int64     `json:"id"`
	Step        int       `json:"step"`
	AfterHours  int       `json:"after_hours"`
	TriggerKind string    `json:"trigger"`
	Since       time.Time `json:"since"`
	CreatedAt   time.Time `json:"created_at"`
}

func (s *Server) listEscalations(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	rows, err := s.store.OrderEscalations(c.UserContext(), id)
	if err != nil {
		return err
	}
	out := make([]escalationDTO, 0, len(rows))
	for _, r := range rows {
		out = append(out, escalationDTO{ID: r.ID, Step: r.Position, AfterHours: r.AfterHours, TriggerKind: r.TriggerKind,
			Since: r.TriggerAt.UTC(), CreatedAt: r.CreatedAt.UTC()})
	}
	return c.JSON(fiber.Map{"items": out})
}
