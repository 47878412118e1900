package models

// The registry of every error code the server can send. Clients translate
// the code (with its params) and never show the English message, so adding
// a code here means adding its zh-CN and en texts to the PWA: a Go test
// writes the list to pwa/src/i18n/codes.json and a PWA test fails while a
// code has no translation. Templates name their params as {name}.

// FieldCodes are the codes of one field's problem (the "fields" of a 422,
// and the rows of a failed import).
var FieldCodes = map[string]string{
	// Shape and type.
	"required":             "is required",
	"required_with":        "is required with {field}",
	"wrong_type":           "must be a {type}",
	"not_an_id":            "must be an id",
	"too_long":             "must be at most {max} characters",
	"too_short":            "must be at least {min} characters",
	"invalid_chars":        "contains invalid characters",
	"invalid_code":         "must be {min}–{max} characters: {allowed}",
	"invalid_email":        "is not a valid e-mail address",
	"invalid_phone":        "must be digits, optionally starting with +",
	"invalid_decimal":      "must be a decimal number with at most {max_decimals} decimals",
	"invalid_currency":     "must be a 3-letter ISO code such as USD or CNY",
	"invalid_cursor":       "is not a cursor this server issued",
	"one_of":               "must be one of: {allowed}",
	"out_of_range":         "must be from {min} to {max}",
	"aql_no_plan":          "has no sampling plan at this severity of inspection for this lot",
	"too_small":            "must be at least {min}",
	"too_few":              "at least {min} required",
	"too_many":             "at most {max} allowed",
	"too_big":              "is too large",
	"duplicate":            "appears twice",
	"already_used":         "is already used",
	"cannot_change":        "cannot be changed",
	"locked_after_confirm": "cannot change once the order is confirmed",

	// Dates.
	"not_a_date":        "must be a date YYYY-MM-DD",
	"no_such_date":      "is not a day of the calendar",
	"date_out_of_range": "must be between {min} and {max}",
	"date_in_future":    "cannot be in the future",
	"date_too_early":    "must be on or after {min}",
	"date_in_past":      "is before today ({today}); send again with force to keep it",

	// References to other records.
	"unknown_customer":     "names no customer",
	"unknown_supplier":     "names no active supplier",
	"inactive_supplier":    "names an inactive supplier",
	"unknown_merchandiser": "names no active merchandiser",
	"unknown_template":     "names no active template",
	"unknown_sample_type":  "names no active sample type",
	"unknown_user":         "names no user",
	"unknown_time_zone":    "is not a time zone; use an IANA name such as {example}",
	"photo_unavailable":    "each photo must be one you uploaded and not attached elsewhere",
	"not_this_round":       "must name a photo of this round",

	// Users and passwords.
	"common_password":         "is one of the most common passwords; choose another",
	"wrong_password":          "is not your current password",
	"required_for_factory":    "is required for a factory user",
	"only_for_factory":        "is only for factory users",
	"cannot_disable_self":     "you cannot disable your own account",
	"cannot_remove_own_admin": "you cannot remove your own admin role",

	// Orders, plans and reports.
	"duplicate_line":          "repeats the colour/size of line {row} ({colour} / {size})",
	"duplicate_in_batch":      "is used by more than one order in this batch (also order {other})",
	"steps_out_of_order":      "steps must be in date order (days before ex-factory must not grow)",
	"no_quantity_for_step":    "this step does not count a quantity",
	"quantity_over_limit":     "cannot exceed {max} (the order's {total} {unit} plus {pct}% tolerance)",
	"report_empty":            "report a quantity, a note, photos or that the step is done",
	"correction_needs_reason": "a quantity below the {previous} already reported corrects it: give a reason",
	"plan_out_of_range":       "would put the step {step} on {date}, outside {min} to {max}",
	"after_ex_factory":        "is after the ex-factory date {ex_factory}; send again with force to keep it",
	"after_next_step":         "is after the next step {step} ({date}); send again with force to keep it",
	"invalid_shape":           "is not a valid shape",
	"differs_within_po":       "{value} differs from {other} in row {row}: every row of PO {po} must agree",

	// Spreadsheet import (rows of a failed import).
	"invalid_csv":      "is not valid CSV",
	"header_missing":   "row 1 must be the header row with the column names (see the template)",
	"unknown_column":   "is not a known column (see the template's Columns sheet)",
	"duplicate_column": "appears twice in the header",
	"missing_column":   "is missing from the header row",
	"too_many_rows":    "a file may hold at most {max} order rows; split it into several files",
	"no_rows":          "the file has no order rows under the header",
}

// ErrorCodes are the top-level codes of the error envelope, with the
// English message each is sent with.
var ErrorCodes = map[string]string{
	"validation_failed":       "Some fields are not valid.",
	"import_failed":           "The file has {count} problems; nothing was imported.",
	"invalid_json":            "The request body is not valid JSON.",
	"unauthenticated":         "Sign in to continue.",
	"invalid_credentials":     "The login or password is wrong.",
	"invalid_token":           "Your session is not valid; sign in again.",
	"session_revoked":         "Your session has ended; sign in again.",
	"invalid_refresh_token":   "Your session has ended; sign in again.",
	"refresh_token_reused":    "This session was used elsewhere and has been closed; sign in again.",
	"too_many_attempts":       "Too many attempts; try again later.",
	"forbidden":               "You are not allowed to do this.",
	"not_found":               "Not found.",
	"method_not_allowed":      "Method not allowed.",
	"steps_in_past":           "{count} steps would be planned before today ({today}); send late_steps compress or keep.",
	"conflict":                "This conflicts with the current state; reload and try again.",
	"payload_too_large":       "The request body is too large.",
	"headers_too_large":       "The request headers are too large.",
	"request_timeout":         "The request took too long to arrive.",
	"bad_request":             "The request is not valid.",
	"internal_error":          "Something went wrong on our side; try again.",
	"storage_unavailable":     "Photo storage is unavailable; try again shortly.",
	"invalid_idempotency_key": "Idempotency-Key must be 1–255 printable ASCII characters.",
	"idempotency_key_reused":  "This Idempotency-Key was used for a different request.",
	"idempotency_in_flight":   "A request with this Idempotency-Key is still being processed; retry shortly.",
	"invalid_multipart":       "The request must be multipart/form-data.",
	"file_too_large":          "The file is larger than this upload accepts.",
	"unsupported_media_type":  "This kind of file is not accepted.",
	"heic_not_supported":      "HEIC photos are not accepted; choose JPEG (most phones can set it in the camera settings).",
	"image_damaged":           "The photo is damaged or incomplete; take or choose it again.",
	"image_too_large":         "The photo has too many pixels.",
	"invalid_photo_url":       "This photo link is not valid or has expired; reload the page.",
	"export_too_large":        "The export is too large; narrow the filters.",

	"order_not_editable":         "A {status} order cannot be changed.",
	"order_not_draft":            "Only a draft order can be confirmed; this one is {status}.",
	"order_not_cancellable":      "A {status} order cannot be cancelled.",
	"order_cancelled":            "This order was cancelled; it takes no more reports.",
	"order_not_confirmed":        "This order is not confirmed yet.",
	"order_closed":               "This order is closed.",
	"order_not_open_for_samples": "Samples can be submitted only for a confirmed order in progress.",
	"milestone_closed":           "A {status} milestone cannot be changed.",
	"sample_round_conflict":      "Another round was submitted at the same time; try again.",
	"sample_decided":             "This round was already decided; a new round is needed.",
}
