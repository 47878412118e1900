package server

import (
	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

type dashboardCountsDTO struct {
	// ByStatus has every order status as a key.
	ByStatus    map[string]int64 `json:"by_status"`
	Overdue     int64            `json:"overdue"`
	DueSoon     int64            `json:"due_soon"`
	DueSoonDays int              `json:"due_soon_days"`
}

// dashboardCounts is the staff dashboard's numbers, counted in the
// database; ?merchandiser_id= narrows them to one merchandiser's orders.
func (s *Server) dashboardCounts(c *fiber.Ctx) error {
	mid, err := optInt64(c, "merchandiser_id")
	if err != nil {
		return err
	}
	n, err := s.store.DashboardCounts(c.UserContext(), models.DashboardFilter{MerchandiserID: mid})
	if err != nil {
		return err
	}
	return c.JSON(dashboardCountsDTO{ByStatus: n.ByStatus, Overdue: n.Overdue, DueSoon: n.DueSoon, DueSoonDays: models.DueSoonDays})
}
