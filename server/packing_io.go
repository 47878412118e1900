package server

// A delivery's packing list as an .xlsx: the download, and the upload that
// replaces the list. The sheet layout and row checks are package orderio;
// the list's rules (carton sequence, lines of the order, shipped totals)
// are the store's (SavePacking), as for PUT /deliveries/:id/packing-list.

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
	"gendan/orderio"
)

var errPackingNotXLSX = apiError(fiber.StatusUnsupportedMediaType, "unsupported_media_type",
	"Upload the packing list as an Excel workbook (.xlsx), such as its download.")

// packingFilename is packing-list-<PO>-<id>.xlsx, with any character of
// the PO number that a file name or the header's quoting cannot take as -.
func packingFilename(po string, id int64) string {
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			return r
		}
		return '-'
	}, po)
	return "packing-list-" + safe + "-" + strconv.FormatInt(id, 10) + ".xlsx"
}

// deliveryParam is the delivery of the :id parameter if the caller sees it.
func (s *Server) deliveryParam(c *fiber.Ctx) (*models.Delivery, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return nil, err
	}
	return s.store.GetDelivery(c.UserContext(), id, scopeOf(principalOf(c)))
}

// exportPackingList writes the delivery's packing list in the caller's
// language; an empty list is the template to fill in and upload.
func (s *Server) exportPackingList(c *fiber.Ctx) error {
	ctx, p := c.UserContext(), principalOf(c)
	d, err := s.deliveryParam(c)
	if err != nil {
		return err
	}
	heads, err := s.store.OrderTitles(ctx, []int64{d.OrderID})
	if err != nil {
		return err
	}
	sups, err := s.store.SupplierNames(ctx, []int64{d.SupplierID})
	if err != nil {
		return err
	}
	w, err := s.store.GetWarehouse(ctx, d.WarehouseID)
	if err != nil {
		return err
	}
	o, sp := heads[d.OrderID], sups[d.SupplierID]
	supplier := sp.Name
	if p.Locale != models.LocaleZH && sp.NameEn != "" {
		supplier = sp.NameEn
	}
	doc := orderio.PackingDoc{PONumber: o.PONumber, StyleNo: o.StyleNo, StyleName: o.StyleName, Supplier: supplier,
		Warehouse: w.Name, Date: d.Date, Ranges: d.PackingList()}
	if d.ShippedAt != nil {
		doc.Shipment = &orderio.PackingShipment{Date: d.ShippedDate, Carrier: d.Carrier, TrackingNo: d.TrackingNo,
			ContainerNo: d.ContainerNo, SealNo: d.SealNo}
	}
	var buf bytes.Buffer
	if err := orderio.WritePackingList(&buf, doc, p.Locale); err != nil {
		return err
	}
	return sendXLSX(c, packingFilename(o.PONumber, d.ID), buf.Bytes())
}

// importPackingList replaces the delivery's packing list with an uploaded
// .xlsx: every row is checked, by the sheet's rules and then the list's,
// and either the list is saved (the delivery's answer, with any mismatch
// against the booked lines) or nothing is, with every problem by row and
// column (422 import_failed).
func (s *Server) importPackingList(c *fiber.Ctx) error {
	ctx, p := c.UserContext(), principalOf(c)
	// Another factory's delivery is a 404 whatever the file holds.
	d, err := s.deliveryParam(c)
	if err != nil {
		return err
	}
	data, err := importFile(c)
	if err != nil {
		return err
	}
	pf, err := orderio.ParsePackingList(data)
	if errors.Is(err, orderio.ErrNotXLSX) {
		return errPackingNotXLSX
	}
	if err != nil {
		return uploadError(err)
	}
	if len(pf.Problems()) > 0 {
		// The list's own problems too, so that one round of fixes is enough.
		o, err := s.store.GetOrder(ctx, d.OrderID, scopeOf(p))
		if err != nil {
			return err
		}
		if _, err := models.CheckPackingList(o, pf.Ranges); err != nil {
			if err := pf.AddStoreProblems(err); err != nil {
				return err
			}
		}
		return importFailed(pf.Problems())
	}
	saved, err := s.store.SavePacking(ctx, d.ID, pf.Ranges, inspectorOf(p), scopeOf(p))
	if err != nil {
		if err := pf.AddStoreProblems(err); err != nil {
			return err
		}
		return importFailed(pf.Problems())
	}
	return s.sendDelivery(c, fiber.StatusOK, saved, nil)
}
