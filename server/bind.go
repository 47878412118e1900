package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// bindJSON decodes the body into a request DTO. Unknown fields are ignored:
// DTOs hold only what a caller may set, so nothing unlisted (role,
// supplier_id on /me) can reach a protected column.
func bindJSON(c *fiber.Ctx, dst any) error {
	body := bytes.TrimSpace(c.Body())
	if len(body) == 0 {
		return apiError(fiber.StatusBadRequest, "invalid_json", "The request body must be a JSON object.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return models.Invalid(te.Field, "wrong_type", "type", jsonKind(te.Type.Kind().String()))
		}
		return apiError(fiber.StatusBadRequest, "invalid_json", "The request body is not valid JSON.")
	}
	if dec.More() {
		return apiError(fiber.StatusBadRequest, "invalid_json", "The request body has data after the JSON object.")
	}
	return nil
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "int", "int64", "int32", "uint", "uint64", "float64":
		return "number"
	case "slice":
		return "list"
	}
	return "value"
}

// paramID reads a positive integer path parameter; anything else is a 404,
// since no object has that id.
func paramID(c *fiber.Ctx, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

// idAndJSON reads the :id path parameter (404 if it is not an id) and the
// JSON body into dst.
func idAndJSON(c *fiber.Ctx, dst any) (int64, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return 0, err
	}
	return id, bindJSON(c, dst)
}

// page reads ?limit= and ?cursor=.
func page(c *fiber.Ctx) (models.Page, error) {
	p := models.Page{Cursor: c.Query("cursor")}
	if l := c.Query("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			return p, models.Invalid("limit", "too_small", "min", 1)
		}
		p.Limit = n
	}
	return p, nil
}

// list is the envelope of every list response.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func listOf[T any](items []T, next string) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, NextCursor: next}
}
