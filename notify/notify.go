// Package notify is what every notification channel shares (docs/NOTIFICATIONS.md):
// the message a channel renders, already in its recipient's language, and
// the error that says retrying cannot help. The channels are its
// sub-packages (webpush, email, chat); the dispatcher in worker/ calls them.
package notify

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// Message is one notification as a channel renders it, already in the
// recipient's language.
type Message struct {
	ID    string // unique per recipient and channel: the dispatcher's send id (idempotency key)
	Kind  string // event kind, e.g. "sample_submitted", "inspection_failed", "risk_worse"
	Lang  string // "zh-CN" or "en"
	Title string // one line
	Body  string // plain text, may have several lines
	URL   string // absolute link to the object (https://host/orders/12)
}

// Permanent marks an error that retrying cannot fix (a bad address, a 4xx
// other than 429). Gone also says the target no longer exists (a Web Push
// 404/410) and must be removed. Any other error is temporary.
type Permanent struct {
	Err  error
	Gone bool
}

func (p *Permanent) Error() string { return p.Err.Error() }
func (p *Permanent) Unwrap() error { return p.Err }

// Sender is one channel bound to one target (an address, a browser, a group
// robot). Its contract, which notify/contract_test.go checks for every
// channel:
//
//   - Send delivers m once or returns an error.
//   - An error that retrying cannot fix is a *Permanent (errors.As), with
//     Gone set when the target no longer exists. Every other error (refused
//     for now, unreachable, timed out, ctx cancelled or past its deadline)
//     is temporary.
//   - Send returns within the channel's own timeout even when the receiver
//     hangs, and at once when ctx is done.
//   - It is safe for concurrent use.
//   - The receiver gets m.Title, the text of m.Body and m.URL, in m.Lang,
//     and m.ID as its idempotency key where the channel has one: the
//     e-mail Message-ID, the Web Push payload's id. Chat robots have none,
//     so a retried chat send may show twice.
//   - A message Check refuses is a *Permanent and nothing is sent.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SenderFunc lets a function be a Sender, for the channels' To adapters.
type SenderFunc func(ctx context.Context, m Message) error

func (f SenderFunc) Send(ctx context.Context, m Message) error { return f(ctx, m) }

// Check refuses a message no channel should send: a blank title, or a link
// that is neither an absolute http(s) URL nor a path on the app's own host
// (javascript:, data:, "//other.example"). The error is a *Permanent.
func Check(m Message) error {
	if strings.TrimSpace(m.Title) == "" {
		return &Permanent{Err: fmt.Errorf("notify: message %s has no title", m.ID)}
	}
	u, err := url.Parse(m.URL)
	if err != nil {
		return &Permanent{Err: fmt.Errorf("notify: message %s: link is not a URL", m.ID)}
	}
	// A bare path passes: the dispatcher without a BaseURL sends those, the
	// service worker resolves them and e-mail leaves them out.
	if (u.Scheme != "" || u.Host != "") && ((u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
		return &Permanent{Err: fmt.Errorf("notify: message %s: link is not an absolute http(s) URL", m.ID)}
	}
	return nil
}
