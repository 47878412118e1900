package models

import (
	"context"
	"fmt"
	"time"
)

// seedDemoLinks gives two demo orders the customer links a merchandiser
// would have sent: YY-2311 (shipped in part) one its customer has opened
// and one withdrawn; NW-24017 one in English.
func (s *Store) seedDemoLinks(ctx context.Context) error {
	for _, d := range []struct {
		po, name, email string
		views           int64
		revoke          bool
	}{
		{po: "YY-2311", name: "采购部 张经理", email: "buyer@yayun.demo", views: 4},
		{po: "YY-2311", name: "旧链接 Old link", revoke: true},
		{po: "NW-24017", name: "Anna Berg", email: "anna.berg@nordwind.demo", views: 1},
	} {
		var o Order
		if err := s.conn(ctx).Where("po_number = ?", d.po).First(&o).Error; err != nil {
			return fmt.Errorf("demo link %s: %w", d.po, err)
		}
		l, _, err := s.CreateStatusLink(ctx, o.ID, LinkInput{RecipientName: d.name, RecipientEmail: d.email}, o.MerchandiserID)
		if err != nil {
			return fmt.Errorf("demo link %s: %w", d.po, err)
		}
		if d.views > 0 {
			last := s.clock.Now().Add(-3 * time.Hour)
			if err := s.AddLinkViews(ctx, map[int64]LinkViews{l.ID: {Count: d.views, Last: last}}); err != nil {
				return err
			}
		}
		if d.revoke {
			if _, err := s.RevokeStatusLink(ctx, o.ID, l.ID, o.MerchandiserID); err != nil {
				return err
			}
		}
	}
	return nil
}

// DemoStatusLink makes a link to the demo order YY-2311 for the start-up
// banner, so whoever starts the demo can open the customer's page at once
// (a token is shown only when it is made). It returns the order's PO and
// the token.
func (s *Store) DemoStatusLink(ctx context.Context) (string, string, error) {
	var o Order
	if err := s.conn(ctx).Where("po_number = ?", "YY-2311").First(&o).Error; err != nil {
		return "", "", fmt.Errorf("demo link: %w", err)
	}
	_, token, err := s.CreateStatusLink(ctx, o.ID, LinkInput{RecipientName: "Demo (start-up banner)"}, o.MerchandiserID)
	return o.PONumber, token, err
}
