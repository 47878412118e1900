// Messages of the factory order screens (en); keys mirror the other language.
export default {
  status: {
    draft: 'Draft', confirmed: 'Confirmed', in_production: 'In production', partially_shipped: 'Partially shipped', shipped: 'Shipped', closed: 'Closed', cancelled: 'Cancelled',
  },
  deliveries: 'Deliveries',
  stepStatus: { open: 'Not started', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled', not_applicable: 'Not applicable' },
  units: { pcs: 'pcs', sets: 'sets', pairs: 'pairs', dozen: 'dozen', kg: 'kg', m: 'm' },
  shipModes: { sea: 'Sea', air: 'Air', rail: 'Rail', truck: 'Truck', courier: 'Courier' },
  overdue: 'Overdue',
  overdueDays: '{n} days late',
  staleData: 'Poor connection: showing data from {time}.',
  list: {
    exFactory: 'Ex-factory', next: 'Next', allDone: 'All steps done', quantity: '{n} {unit}', loadFailed: 'Could not load the orders.',
  },
  detail: {
    back: 'Back to orders', customer: 'Customer', style: 'Style', exFactory: 'Ex-factory date', quantity: 'Order quantity', tolerance: 'Tolerance',
    ship: 'Shipping', destination: 'Destination', loadFailed: 'Could not load the order.', notFound: 'This order was not found; it may have been cancelled or moved to another factory.',
    cancelled: 'This order was cancelled', cancelReason: 'Reason: {reason}', cancelledHint: 'Stop production; this order takes no more reports.',
    revised: 'Order changed (revision {n})', revisedHint: 'The date or quantities changed; produce to the latest version.', showChanges: 'See what changed', hideChanges: 'Hide',
    lines: 'Colour × size', colour: 'Colour', total: 'Total',
    steps: 'Production progress', stepsHint: 'Tap a step to report progress', noSteps: 'This order has no schedule yet.',
    plannedLate: 'Planned late',
    planned: 'Planned', actual: 'Actual', done: '{done} / {total} {unit} done', pending: 'Waiting to send', pendingQty: 'Waiting to send: {n}', rejected: 'Not accepted',
  },
  changes: {
    revision: 'Revision {n}', by: '{name} · {time}', exFactory: 'Ex-factory date: {from} → {to}', total: 'Total quantity: {from} → {to}', supplier: 'The producing factory changed',
    lineChanged: '{colour} {size}: {from} → {to}', lineAdded: 'Added {colour} {size}: {qty}', lineRemoved: 'Removed {colour} {size} (was {qty})',
    loadFailed: 'Could not load the changes.',
  },
  report: {
    title: 'Report · {step}', planned: 'Planned {date}', date: 'Date', quantity: 'Total so far', quantityPlaceholder: 'How many are done in total',
    quantityHint: 'Enter the running total (not today’s count). Reported so far: {done} of {total} {unit}.', note: 'Note', notePlaceholder: 'Anything to add (optional)',
    done: 'This step is finished', alreadyDone: 'This step was finished on {date}; you can still add a note or photos.', photos: 'Photos', submit: 'Submit', sent: 'Sent',
    lower: 'Less than the {done} already reported: is this the running total?',
    errors: {
      date: 'Choose a date.', quantity: 'Enter a whole number.',
      busy: 'The photos are still being prepared; please wait.',
    },
  },
  photos: {
    take: 'Take photo', processing: 'Preparing…', remove: 'Remove photo', view: 'View photo', close: 'Close',
    unreadable: 'This photo cannot be read (it may be HEIC). Set the camera to JPEG and take it again, or choose another photo.', max: 'At most {n} photos.',
  },
  comments: {
    title: 'Messages', empty: 'No messages yet.', placeholder: 'Write a message; photos are welcome', send: 'Send', sent: 'Sent', label: 'Message · {po}',
    photoCount: '{n} photos', loadFailed: 'Could not load the messages.',
  },
  samples: {
    title: 'Samples', submit: 'Submit a sample', empty: 'No samples submitted yet.', loadFailed: 'Could not load the samples.',
    round: 'Round {n}', submittedBy: '{name} · {time}', decidedBy: '{name} · {time}', comment: 'Merchandiser’s comment',
    status: { pending: 'Awaiting review', approved: 'Approved', approved_with_comments: 'Approved with comments', rejected: 'Returned' },
    resubmit: 'Submit round {n}', rejectedHint: 'Returned: correct it and submit round {n}.', annotated: 'Marked photo', waiting: 'Waiting to send',
    sheet: {
      title: 'Submit a sample', titleRound: 'Submit {type} · round {n}', type: 'Sample type', typePlaceholder: 'Choose the sample type',
      note: 'Note', notePlaceholder: 'What changed, measurements, anything to add (optional)', photos: 'Photos (at least one)',
      submit: 'Submit sample', sent: 'Sample submitted', label: 'Sample · {type}', typesFailed: 'Could not load the sample types.',
      errors: { type: 'Choose the sample type.', photos: 'Take at least one photo of the sample.', busy: 'The photos are still being prepared; please wait.' },
    },
  },
  errors: {
    order_cancelled: 'This order was cancelled; it takes no more reports.', order_closed: 'This order is closed.', order_not_confirmed: 'This order is not confirmed yet.',
    milestone_closed: 'This step is closed: it was cancelled or is not applicable.', validation_failed: 'Something is not right; check and submit again.',
    photo_failed: 'A photo could not be uploaded; remove it and take it again.', photo_missing: 'A photo was lost; take it again.', photo_discarded: 'A photo was discarded; take it again.',
  },
};
