package server

import (
	_ "embed"

	"github.com/gofiber/fiber/v2"
)

// openAPIDoc describes every route; a test checks it against the route table.
//
//go:embed openapi.yaml
var openAPIDoc []byte

func (s *Server) openAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "application/yaml; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Send(openAPIDoc)
}
