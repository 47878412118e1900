// Command bare is the ceiling for bench/orders.sh: a Fiber v2 app with no
// middleware, no database and no auth that answers GET / with a small JSON
// object, so the bench can show how much of the order-list cost is Fiber
// and HTTP itself.
package main

import (
	"flag"
	"log"

	"github.com/gofiber/fiber/v2"
)

// row is about the size of a tiny API answer (~100 bytes of JSON).
type row struct {
	ID       int64  `json:"id"`
	PONumber string `json:"po_number"`
	StyleNo  string `json:"style_no"`
	Status   string `json:"status"`
	Quantity int    `json:"quantity"`
	OK       bool   `json:"ok"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:18480", "address to listen on")
	flag.Parse()
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/", func(c *fiber.Ctx) error {
		return c.JSON(row{ID: 1, PONumber: "PO-1", StyleNo: "ST-1", Status: "in_production", Quantity: 1200, OK: true})
	})
	log.Fatal(app.Listen(*addr))
}
