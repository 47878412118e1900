// Package notify is what every notification channel shares (docs/NOTIFICATIONS.md):
// the message a channel renders, already in its recipient's language, and
// the error that says retrying cannot help. The channels are its
// sub-packages (webpush, email, chat); the dispatcher in worker/ calls them.
package notify

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
