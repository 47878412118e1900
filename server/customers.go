package server

import (
	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

type customerRequest struct {
	Name         *string `json:"name"`
	ContactEmail *string `json:"contact_email"`
	Locale       *string `json:"locale"`
	// FabricPointsMax is the four-point pass threshold of the customer's fabric.
	FabricPointsMax *int `json:"fabric_points_max"`
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
	if req.FabricPointsMax != nil {
		if cu.FabricPointsMax = *req.FabricPointsMax; cu.FabricPointsMax == 0 {
			return models.Invalid("fabric_points_max", "out_of_range", "min", 1, "max", 1000)
		}
	}
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
	cu, err := s.store.UpdateCustomer(c.UserContext(), id, models.CustomerPatch{Name: req.Name, ContactEmail: req.ContactEmail, Locale: req.Locale, FabricPointsMax: req.FabricPointsMax})
	if err != nil {
		return err
	}
	return c.JSON(cu)
}
