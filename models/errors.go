package models

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sentinel errors that the HTTP layer maps to status codes (404, 409, 401, 403).
var (
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrUnauthorized = errors.New("unauthorized")
	ErrForbidden    = errors.New("forbidden")
)

// FieldError is one problem with one input field: a code from FieldCodes
// (the clients' translation key), its parameters, and an English message
// for API users. Clients show their own text for the code, never Message.
type FieldError struct {
	Code    string         `json:"code"`
	Params  map[string]any `json:"params,omitempty"`
	Message string         `json:"message"`
}

// Problem builds a FieldError from a registered code and its parameters as
// name/value pairs: Problem("too_long", "max", 64). The message is the
// code's English template with the parameters filled in.
func Problem(code string, kv ...any) FieldError {
	fe := FieldError{Code: code, Params: pairs(kv)}
	fe.Message = render(FieldCodes[code], fe.Params)
	if fe.Message == "" {
		fe.Message = code
	}
	return fe
}

func pairs(kv []any) map[string]any {
	if len(kv) == 0 {
		return nil
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}

// render fills {name} placeholders of a message template.
func render(tpl string, params map[string]any) string {
	if len(params) == 0 || !strings.Contains(tpl, "{") {
		return tpl
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(tpl[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(tpl[:i])
		name := tpl[i+1 : i+j]
		if v, ok := params[name]; ok {
			b.WriteString(fmt.Sprint(v))
		} else {
			b.WriteString(tpl[i : i+j+1])
		}
		tpl = tpl[i+j+1:]
	}
	b.WriteString(tpl)
	return b.String()
}

// ValidationError lists the problems with named input fields; the HTTP layer
// answers it with 422 and the fields.
type ValidationError struct {
	Fields map[string]FieldError
}

func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+e.Fields[k].Message)
	}
	return "validation failed: " + strings.Join(parts, "; ")
}

// Add records a problem with a field as a code and its parameters
// (name/value pairs); the first problem per field wins.
func (e *ValidationError) Add(field, code string, kv ...any) {
	e.AddProblem(field, Problem(code, kv...))
}

// AddProblem records a FieldError; the first problem per field wins.
func (e *ValidationError) AddProblem(field string, fe FieldError) {
	if e.Fields == nil {
		e.Fields = map[string]FieldError{}
	}
	if _, ok := e.Fields[field]; !ok {
		e.Fields[field] = fe
	}
}

// Err returns nil when no field has a problem, so callers can `return v.Err()`.
func (e *ValidationError) Err() error {
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}

// Invalid is a one-field ValidationError.
func Invalid(field, code string, kv ...any) error {
	return &ValidationError{Fields: map[string]FieldError{field: Problem(code, kv...)}}
}

// ConflictError is an ErrConflict with a code from ErrorCodes, its
// parameters and an English message.
type ConflictError struct {
	Code    string
	Params  map[string]any
	Message string
}

func (e *ConflictError) Error() string { return e.Message }
func (e *ConflictError) Unwrap() error { return ErrConflict }

// Conflict builds a ConflictError from a registered code and name/value
// parameters; the message is the code's template.
func Conflict(code string, kv ...any) *ConflictError {
	p := pairs(kv)
	return &ConflictError{Code: code, Params: p, Message: render(ErrorCodes[code], p)}
}
