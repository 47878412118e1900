package models

import "gorm.io/gorm"

// A factory-written row records the supplier that wrote it and its order.
// Every lookup of one by id applies the same tenancy rule (loadOwned).
type ownedRow interface {
	owner() (supplierID *int64, orderID int64)
}

func (c *Complaint) owner() (*int64, int64)    { return &c.SupplierID, c.OrderID }
func (c *CAPA) owner() (*int64, int64)         { return &c.SupplierID, c.OrderID }
func (r *Resolution) owner() (*int64, int64)   { return &r.SupplierID, r.OrderID }
func (d *Delivery) owner() (*int64, int64)     { return &d.SupplierID, d.OrderID }
func (i *Inspection) owner() (*int64, int64)   { return &i.SupplierID, i.OrderID }
func (p *MaterialPO) owner() (*int64, int64)   { return &p.SupplierID, p.OrderID }
func (l *MaterialLine) owner() (*int64, int64) { return &l.SupplierID, l.OrderID }

// Who may read a kind of owned row besides staff and its factory.
const (
	qcRefused = false // qc: 403
	qcReads   = true
)

// loadOwned reads row id into row and returns its order, if the scope may
// see both: qc is refused unless qcMay; a factory finds only rows its own
// supplier wrote (another's is 404, also after the order moved to it) of
// an order it still has. lock reads the row FOR UPDATE (within tx).
func (s *Store) loadOwned(tx *gorm.DB, row ownedRow, id int64, sc Scope, qcMay, lock bool) (*Order, error) {
	if sc.QC && !qcMay {
		return nil, ErrForbidden
	}
	q := tx
	if lock {
		q = s.forUpdate(tx)
	}
	if err := q.First(row, id).Error; err != nil {
		return nil, notFound(err)
	}
	sup, orderID := row.owner()
	if !sc.Owns(sup) {
		return nil, ErrNotFound
	}
	return s.getOrderTx(tx, orderID, sc, false)
}
