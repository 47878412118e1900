package server

import (
	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

type customerRequest struct {
	Name         *string `json:"name"`
	ContactEmail *string `json:"contact_email"`
	Locale       *string `json:"locale"`
}

func (s *Server) listCustomers(c *fiber.Ctx) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	rows, next, err := s.store.ListCustomers(c.UserContext(), pg, c.Query("q"))
	if err != nil {
		return err
	}
	return c.JSON(listOf(rows, next))
}

func (s *Server) createCustomer(c *fiber.Ctx) error {
	var req customerRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	cu := &models.Customer{Name: deref(req.Name), ContactEmail: deref(req.ContactEmail), Locale: deref(req.Locale)}
	if err := s.store.CreateCustomer(c.UserContext(), cu); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(cu)
}

func (s *Server) patchCustomer(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req customerRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	cu, err := s.store.UpdateCustomer(c.UserContext(), id, models.CustomerPatch{Name: req.Name, ContactEmail: req.ContactEmail, Locale: req.Locale})
	if err != nil {
		return err
	}
	return c.JSON(cu)
}
