package server

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
	"gendan/orderio"
)

// APIError is an error the client may see: a status, a snake_case code and a
// human message. Everything else becomes a generic 500.
type APIError struct {
	Status     int
	Code       string // registered in models.ErrorCodes
	Message    string
	Params     map[string]any
	Fields     map[string]models.FieldError
	Rows       []orderio.RowError // problems of an uploaded spreadsheet, by row
	RetryAfter int                // seconds; sets Retry-After when > 0
}

func (e *APIError) Error() string { return e.Code + ": " + e.Message }

func apiError(status int, code, msg string) *APIError {
	return &APIError{Status: status, Code: code, Message: msg}
}

var (
	errUnauthenticated = apiError(http.StatusUnauthorized, "unauthenticated", "Sign in to continue.")
	errForbidden       = apiError(http.StatusForbidden, "forbidden", "You are not allowed to do this.")
	errNotFound        = apiError(http.StatusNotFound, "not_found", "Not found.")
)

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string                       `json:"code"`
	Params  map[string]any               `json:"params,omitempty"`
	Message string                       `json:"message"`
	Fields  map[string]models.FieldError `json:"fields,omitempty"`
	Rows    []orderio.RowError           `json:"rows,omitempty"`
}

// toAPIError maps any error to what the client is told.
func toAPIError(err error) (*APIError, bool) {
	var ae *APIError
	var ve *models.ValidationError
	var ce *models.ConflictError
	var fe *fiber.Error
	switch {
	case errors.As(err, &ae):
		return ae, true
	case errors.As(err, &ve):
		return &APIError{Status: http.StatusUnprocessableEntity, Code: "validation_failed",
			Message: "Some fields are not valid.", Fields: ve.Fields}, true
	case errors.As(err, &ce):
		return &APIError{Status: http.StatusConflict, Code: ce.Code, Message: ce.Message, Params: ce.Params}, true
	case errors.Is(err, models.ErrNotFound):
		return errNotFound, true
	case errors.Is(err, models.ErrConflict):
		return apiError(http.StatusConflict, "conflict", "This conflicts with the current state; reload and try again."), true
	case errors.Is(err, models.ErrUnauthorized):
		return errUnauthenticated, true
	case errors.Is(err, models.ErrForbidden):
		return errForbidden, true
	case errors.As(err, &fe):
		return fiberError(fe), true
	}
	return nil, false
}

func fiberError(fe *fiber.Error) *APIError {
	switch fe.Code {
	case http.StatusNotFound:
		return apiError(fe.Code, "not_found", "Not found.")
	case http.StatusMethodNotAllowed:
		return apiError(fe.Code, "method_not_allowed", "Method not allowed.")
	case http.StatusRequestEntityTooLarge:
		return apiError(fe.Code, "payload_too_large", "The request body is too large.")
	case http.StatusRequestHeaderFieldsTooLarge:
		return apiError(fe.Code, "headers_too_large", "The request headers are too large.")
	case http.StatusRequestTimeout:
		return apiError(fe.Code, "request_timeout", "The request took too long to arrive.")
	}
	if fe.Code >= 500 {
		return apiError(fe.Code, "internal_error", "Something went wrong on our side; try again.")
	}
	// Any other client error keeps its status; its code is one clients know.
	return apiError(fe.Code, "bad_request", "The request is not valid.")
}

// writeError writes the JSON error envelope. Internal errors are logged with
// the request id and answered with a generic message.
func (s *Server) writeError(c *fiber.Ctx, err error) error {
	ae, ok := toAPIError(err)
	if !ok {
		s.log.Error("request failed", slog.String("request_id", requestID(c)),
			slog.String("method", c.Method()), slog.String("path", logPath(c.Path())), slog.Any("err", err))
		ae = apiError(http.StatusInternalServerError, "internal_error", "Something went wrong on our side; try again.")
	}
	if ae.Status == fiber.StatusRequestEntityTooLarge && strings.HasPrefix(c.Get(fiber.HeaderContentType), "multipart/") {
		ae = errFileTooLarge
		if c.Path() != "/api/v1/photos" {
			ae = apiError(fiber.StatusRequestEntityTooLarge, "file_too_large", "The file is larger than this upload accepts.")
		}
	}
	if ae.RetryAfter > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(ae.RetryAfter))
	}
	if ae.Status == http.StatusUnauthorized {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="gendan"`)
	}
	body, _ := json.Marshal(errorBody{Error: errorDetail{Code: ae.Code, Params: ae.Params, Message: ae.Message, Fields: ae.Fields, Rows: ae.Rows}})
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(ae.Status).Send(body)
}
