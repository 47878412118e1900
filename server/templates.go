package server

import (
	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

type templateRequest struct {
	Code   string                 `json:"code"`
	Name   *string                `json:"name"`
	NameEn *string                `json:"name_en"`
	Active *bool                  `json:"active"`
	Steps  *[]models.TemplateStep `json:"steps"`
}

func (s *Server) listTemplates(c *fiber.Ctx) error {
	ts, err := s.store.ListTemplates(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(listOf(ts, ""))
}

func (s *Server) getTemplate(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	t, err := s.store.GetTemplate(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(t)
}

func (s *Server) createTemplate(c *fiber.Ctx) error {
	var req templateRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	t := &models.Template{Code: req.Code, Name: deref(req.Name), NameEn: deref(req.NameEn), Active: true}
	if req.Active != nil {
		t.Active = *req.Active
	}
	if req.Steps != nil {
		t.Steps = *req.Steps
	}
	if err := s.store.CreateTemplate(c.UserContext(), t); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(t)
}

func (s *Server) patchTemplate(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req templateRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if req.Code != "" {
		return models.Invalid("code", "cannot_change")
	}
	t, err := s.store.UpdateTemplate(c.UserContext(), id, models.TemplatePatch{Name: req.Name, NameEn: req.NameEn, Active: req.Active, Steps: req.Steps})
	if err != nil {
		return err
	}
	return c.JSON(t)
}
