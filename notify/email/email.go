// Package email is the e-mail notification channel: it renders a
// notify.Message as a MIME message in its own language (Compose) and hands it to
// an SMTP relay (SMTP.Send). It uses only the standard library (net/smtp
// over a net.Dialer) and touches no database.
//
// Errors follow package notify: a 5xx reply, a malformed or injected
// address or title, and a configuration that would send a password in the
// clear are *notify.Permanent; a 4xx reply, a network failure, a missing
// STARTTLS and a timeout are temporary, for the dispatcher to retry.
package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"gendan/notify"
)

// DefaultTimeout bounds one Send when SMTP.Timeout is zero, so a relay
// that accepts the connection and then says nothing cannot hold a
// dispatcher worker for ever even when ctx has no deadline.
const DefaultTimeout = 30 * time.Second

// SMTP is a relay to send through. Only STARTTLS is supported, not
// implicit TLS on port 465.
type SMTP struct {
	Host     string
	Port     int // 0: 587 with StartTLS, 25 without
	Username string
	Password string
	From     string // "Gendan <noreply@example.com>" or a bare address
	// StartTLS requires the STARTTLS upgrade before anything else is sent;
	// a server that does not offer it fails the send (temporarily).
	StartTLS bool
	Timeout  time.Duration // bounds the whole exchange; 0: DefaultTimeout
	// TLSConfig is for the upgrade; nil verifies Host against the system
	// roots. Its ServerName defaults to Host.
	TLSConfig *tls.Config
}

// To binds s to the address addr.
func (s *SMTP) To(addr string) notify.Sender {
	return notify.SenderFunc(func(ctx context.Context, m notify.Message) error { return s.Send(ctx, addr, m) })
}

// Send delivers m to the address to. ctx (and Timeout) bound the whole
// exchange, from dialling to the end of DATA.
func (s *SMTP) Send(ctx context.Context, to string, m notify.Message) error {
	from, rcpt, err := s.check(to, m)
	if err != nil {
		return err
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	port := s.Port
	if port == 0 {
		port = 25
		if s.StartTLS {
			port = 587
		}
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(s.Host, strconv.Itoa(port)))
	if err != nil {
		return classify(ctx, "dial", err)
	}
	defer conn.Close()
	// The deadline covers reads and writes; closing on cancel also ends
	// them when ctx is cancelled before its deadline.
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	if err := s.exchange(conn, from, rcpt, Compose(s.From, to, m, time.Now())); err != nil {
		return classify(ctx, "", err)
	}
	return nil
}

func (s *SMTP) exchange(conn net.Conn, from, rcpt string, msg []byte) (err error) {
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		return fmt.Errorf("greeting: %w", err)
	}
	defer func() {
		var tp *textproto.Error
		if errors.As(err, &tp) {
			c.Quit() // the server is talking: say goodbye politely
		}
		c.Close()
	}()
	if err := c.Hello("localhost"); err != nil {
		return fmt.Errorf("hello: %w", err)
	}
	if s.StartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("server does not offer STARTTLS")
		}
		cfg := &tls.Config{}
		if s.TLSConfig != nil {
			cfg = s.TLSConfig.Clone()
		}
		if cfg.ServerName == "" {
			cfg.ServerName = s.Host
		}
		if cfg.MinVersion == 0 {
			cfg.MinVersion = tls.VersionTLS12
		}
		if err := c.StartTLS(cfg); err != nil {
			return fmt.Errorf("starttls: %w", err)
		}
	}
	if s.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return &notify.Permanent{Err: errors.New("server does not offer AUTH but a username is configured")}
		}
		// net/smtp's PlainAuth refuses, too, unless the connection is TLS
		// or to localhost; check() has already made sure of that.
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return fmt.Errorf("auth: %w", err)
		}
	}
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("mail from: %w", err)
	}
	if err := c.Rcpt(rcpt); err != nil {
		return fmt.Errorf("rcpt to: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	// The message is accepted; a failed QUIT must not make the dispatcher
	// send it again.
	c.Quit()
	return nil
}

// check refuses, before any connection, what no retry can fix: header
// injection, unparsable addresses, a password that would go in the clear,
// a message notify.Check refuses.
// It returns the envelope addresses.
func (s *SMTP) check(to string, m notify.Message) (from, rcpt string, err error) {
	perm := func(format string, a ...any) error {
		return &notify.Permanent{Err: fmt.Errorf("email: "+format, a...)}
	}
	if err := notify.Check(m); err != nil {
		return "", "", err
	}
	if strings.ContainsAny(to, "\r\n") {
		return "", "", perm("recipient contains a line break")
	}
	if strings.ContainsAny(s.From, "\r\n") {
		return "", "", perm("sender contains a line break")
	}
	if strings.ContainsAny(m.Title, "\r\n") {
		return "", "", perm("title contains a line break")
	}
	f, err := mail.ParseAddress(s.From)
	if err != nil {
		return "", "", perm("sender: %w", err)
	}
	t, err := mail.ParseAddress(to)
	if err != nil {
		return "", "", perm("recipient: %w", err)
	}
	if s.Username != "" && !s.StartTLS && !isLocalhost(s.Host) {
		return "", "", perm("refusing AUTH PLAIN to %s without STARTTLS", s.Host)
	}
	return f.Address, t.Address, nil
}

// isLocalhost matches net/smtp's own rule for allowing PLAIN in the clear.
func isLocalhost(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// classify turns err into the notify convention: 5xx replies are
// Permanent, everything else (4xx, network, timeouts) stays temporary.
func classify(ctx context.Context, step string, err error) error {
	if step != "" {
		err = fmt.Errorf("%s: %w", step, err)
	}
	var p *notify.Permanent
	if errors.As(err, &p) {
		return &notify.Permanent{Err: fmt.Errorf("email: %w", p.Err), Gone: p.Gone}
	}
	var tp *textproto.Error
	if errors.As(err, &tp) && tp.Code >= 500 && tp.Code < 600 {
		return &notify.Permanent{Err: fmt.Errorf("email: %w", err)}
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		// The conn was closed under the exchange; say why.
		return fmt.Errorf("email: %w (%w)", err, ctxErr)
	}
	return fmt.Errorf("email: %w", err)
}
