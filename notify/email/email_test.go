package email

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"gendan/notify"
	"gendan/notify/smtptest"
)

func TestSendInTheRecipientsLanguage(t *testing.T) {
	for _, tc := range []struct {
		m      notify.Message
		to     string
		open   string
		footer string
	}{
		{msgZH, "王经理 <wang@factory.example>", "查看详情", "请勿直接回复"},
		{msgEN, "buyer@customer.example", "Open in Gendan", "Please do not reply"},
	} {
		t.Run(tc.m.Lang, func(t *testing.T) {
			sk := smtptest.New(t, smtptest.Config{Auth: true, User: "gendan", Password: "s3cret pass"})
			s := &SMTP{Host: "127.0.0.1", Port: sk.Port(), Username: "gendan", Password: "s3cret pass",
				From: "Gendan 跟单 <noreply@gendan.example.com>", Timeout: 5 * time.Second}
			if err := s.Send(context.Background(), tc.to, tc.m); err != nil {
				t.Fatalf("send: %v", err)
			}
			if got := sk.Credentials(); len(got) != 1 || got[0] != "gendan\x00s3cret pass" {
				t.Errorf("AUTH PLAIN credentials %q", got)
			}
			mails := sk.Received()
			if len(mails) != 1 {
				t.Fatalf("%d messages received, want 1", len(mails))
			}
			got := mails[0]
			wantRcpt, _ := mail.ParseAddress(tc.to)
			if got.From != "noreply@gendan.example.com" || len(got.Rcpts) != 1 || got.Rcpts[0] != wantRcpt.Address {
				t.Errorf("envelope from %q rcpts %q", got.From, got.Rcpts)
			}
			p := parse(t, got.Data)
			if p.subject != tc.m.Title {
				t.Errorf("subject %q, want %q", p.subject, tc.m.Title)
			}
			if h := p.header.Get("Message-ID"); h != "<"+tc.m.ID+"@gendan>" {
				t.Errorf("Message-ID %q", h)
			}
			if h := p.header.Get("Content-Language"); h != tc.m.Lang {
				t.Errorf("Content-Language %q", h)
			}
			for name, want := range map[string]string{"MIME-Version": "1.0", "Auto-Submitted": "auto-generated"} {
				if h := p.header.Get(name); h != want {
					t.Errorf("%s %q, want %q", name, h, want)
				}
			}
			if _, err := p.header.Date(); err != nil {
				t.Errorf("Date: %v", err)
			}
			if to, err := p.header.AddressList("To"); err != nil || len(to) != 1 || to[0].Address != wantRcpt.Address || to[0].Name != wantRcpt.Name {
				t.Errorf("To %v: %v", to, err)
			}
			if from, err := p.header.AddressList("From"); err != nil || len(from) != 1 || from[0].Name != "Gendan 跟单" {
				t.Errorf("From %v: %v", from, err)
			}
			for _, part := range []struct{ name, text string }{{"text", p.plain}, {"html", p.html}} {
				if !strings.Contains(part.text, tc.m.Title) {
					t.Errorf("%s part lacks the title:\n%s", part.name, part.text)
				}
				for _, line := range strings.Split(tc.m.Body, "\n") {
					if !strings.Contains(part.text, line) {
						t.Errorf("%s part lacks body line %q:\n%s", part.name, line, part.text)
					}
				}
				if !strings.Contains(part.text, tc.footer) {
					t.Errorf("%s part lacks the footer %q", part.name, tc.footer)
				}
				if !strings.Contains(part.text, tc.open) {
					t.Errorf("%s part lacks the link label %q", part.name, tc.open)
				}
			}
			if !strings.Contains(p.plain, tc.open+": "+tc.m.URL) {
				t.Errorf("text part lacks %q:\n%s", tc.open+": "+tc.m.URL, p.plain)
			}
			href := `href="` + strings.ReplaceAll(tc.m.URL, "&", "&amp;") + `"`
			if !strings.Contains(p.html, href+` style="display:inline-block`) || !strings.Contains(p.html, ">"+tc.open+"</a>") {
				t.Errorf("html part lacks the button to %s labelled %q:\n%s", tc.m.URL, tc.open, p.html)
			}
			if !strings.Contains(p.html, `<html lang="`+tc.m.Lang+`">`) {
				t.Errorf("html part lacks lang=%q", tc.m.Lang)
			}
		})
	}
}

func TestSendErrors(t *testing.T) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := closed.Addr().(*net.TCPAddr).Port
	closed.Close()

	for _, tc := range []struct {
		name      string
		sink      smtptest.Config
		smtp      SMTP // Host and Port are the sink's unless set
		permanent bool
	}{
		{name: "550 on RCPT", sink: smtptest.Config{RcptCode: 550}, permanent: true},
		{name: "451 on MAIL", sink: smtptest.Config{MailCode: 451}},
		{name: "closed port", smtp: SMTP{Host: "127.0.0.1", Port: closedPort}},
		{name: "wrong password", sink: smtptest.Config{Auth: true, User: "u", Password: "right"},
			smtp: SMTP{Username: "u", Password: "wrong"}, permanent: true},
		{name: "no AUTH offered", smtp: SMTP{Username: "u", Password: "p"}, permanent: true},
		{name: "STARTTLS required, not offered", smtp: SMTP{StartTLS: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sk := smtptest.New(t, tc.sink)
			s := tc.smtp
			if s.Host == "" {
				s.Host, s.Port = "127.0.0.1", sk.Port()
			}
			s.From = "noreply@gendan.example.com"
			s.Timeout = 5 * time.Second
			err := s.Send(context.Background(), "someone@customer.example", msgEN)
			if err == nil {
				t.Fatal("send succeeded")
			}
			var p *notify.Permanent
			if got := errors.As(err, &p); got != tc.permanent {
				t.Errorf("permanent %v, want %v: %v", got, tc.permanent, err)
			}
			if strings.Contains(err.Error(), "wrong") || strings.Contains(err.Error(), "right") {
				t.Errorf("error shows a password: %v", err)
			}
			if n := len(sk.Received()); n != 0 {
				t.Errorf("%d messages delivered", n)
			}
		})
	}
}

func TestSendRefusesBeforeConnecting(t *testing.T) {
	sk := smtptest.New(t, smtptest.Config{Auth: true, User: "u", Password: "p"})
	base := SMTP{Host: "127.0.0.1", Port: sk.Port(), From: "noreply@gendan.example.com", Timeout: 5 * time.Second}
	injected := msgEN
	injected.Title = "hello\r\nBcc: victim@example.com"
	lfTitle := msgEN
	lfTitle.Title = "hello\nthere"
	for _, tc := range []struct {
		name string
		s    SMTP
		to   string
		m    notify.Message
	}{
		{"CRLF in to", base, "a@b.example\r\nBcc: victim@example.com", msgEN},
		{"LF in to", base, "a@b.example\nRCPT TO:<victim@example.com>", msgEN},
		{"CRLF in title", base, "a@b.example", injected},
		{"LF in title", base, "a@b.example", lfTitle},
		{"CR in from", func() SMTP { s := base; s.From = "x@y.example\rBcc: v@example.com"; return s }(), "a@b.example", msgEN},
		{"bad to", base, "not an address", msgEN},
		{"bad from", func() SMTP { s := base; s.From = "nobody"; return s }(), "a@b.example", msgEN},
		// Never dialled: the check comes first, so no network is needed.
		{"AUTH in the clear to a remote host", SMTP{Host: "mail.gendan.example.com", Port: 25, Username: "u", Password: "p",
			From: "noreply@gendan.example.com"}, "a@b.example", msgEN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.s.Send(context.Background(), tc.to, tc.m)
			var p *notify.Permanent
			if !errors.As(err, &p) {
				t.Fatalf("got %v, want a notify.Permanent", err)
			}
		})
	}
	if n := sk.Connections(); n != 0 {
		t.Errorf("%d connections made for refused sends", n)
	}
}

func TestSendGivesUpOnASilentServer(t *testing.T) {
	sk := smtptest.New(t, smtptest.Config{Silent: true})
	for _, tc := range []struct {
		name    string
		timeout time.Duration
		ctx     time.Duration
	}{
		{"ctx deadline", 0, 200 * time.Millisecond},
		{"Timeout field", 200 * time.Millisecond, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			if tc.ctx > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.ctx)
				defer cancel()
			}
			s := &SMTP{Host: "127.0.0.1", Port: sk.Port(), From: "noreply@gendan.example.com", Timeout: tc.timeout}
			start := time.Now()
			err := s.Send(ctx, "a@b.example", msgEN)
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("Send took %v", took)
			}
			var p *notify.Permanent
			if err == nil || errors.As(err, &p) {
				t.Fatalf("got %v, want a temporary error", err)
			}
		})
	}
	t.Run("ctx cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		s := &SMTP{Host: "127.0.0.1", Port: sk.Port(), From: "noreply@gendan.example.com"}
		start := time.Now()
		err := s.Send(ctx, "a@b.example", msgEN)
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("Send took %v", took)
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled in the chain", err)
		}
	})
}

func TestSendStartTLS(t *testing.T) {
	serverTLS, roots := selfSigned(t)
	sk := smtptest.New(t, smtptest.Config{TLS: serverTLS, Auth: true, User: "gendan", Password: "pw"})
	s := &SMTP{Host: "127.0.0.1", Port: sk.Port(), Username: "gendan", Password: "pw",
		From: "noreply@gendan.example.com", StartTLS: true, Timeout: 5 * time.Second,
		TLSConfig: &tls.Config{RootCAs: roots}}
	if err := s.Send(context.Background(), "buyer@customer.example", msgZH); err != nil {
		t.Fatalf("send: %v", err)
	}
	mails := sk.Received()
	if len(mails) != 1 || !mails[0].TLS {
		t.Fatalf("received %d messages, over TLS: %v", len(mails), len(mails) == 1 && mails[0].TLS)
	}
	if p := parse(t, mails[0].Data); p.subject != msgZH.Title {
		t.Errorf("subject %q", p.subject)
	}
	if got := sk.Credentials(); len(got) != 1 || got[0] != "gendan\x00pw" {
		t.Errorf("credentials %q", got)
	}

	t.Run("untrusted certificate", func(t *testing.T) {
		s := *s
		s.TLSConfig = &tls.Config{RootCAs: x509.NewCertPool()}
		err := s.Send(context.Background(), "buyer@customer.example", msgZH)
		var p *notify.Permanent
		if err == nil || errors.As(err, &p) {
			t.Fatalf("got %v, want a temporary error", err)
		}
		if n := len(sk.Credentials()); n != 1 {
			t.Errorf("credentials sent over an unverified connection")
		}
	})
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "sink.test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, roots
}
