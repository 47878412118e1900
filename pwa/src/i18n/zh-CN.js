export default {
  app: { name: '跟单', tagline: '订单跟进，从打样到出货' },
  common: {
    productionSheet: '生产单（可打印）',
    minutes: '{n} 分钟', more: '加载更多', loading: '加载中…', retry: '重试', save: '保存', cancel: '取消', back: '返回',
    offline: '当前离线。修改会保存在手机上，联网后自动发送。',
    offlineData: '离线中 — 显示 {time} 获取的数据。',
    cachedData: '显示的是 {time} 的数据（保存在本机）。',
    error: '出错了。', empty: '暂无内容。', saved: '已保存', queued: '已离线保存，联网后自动发送。', forceQuestion: '仍要按此日期保存吗？', saveAnyway: '仍然保存',
    uploading: '正在上传照片 {i}/{n} · {pct}%。可以关闭应用，稍后会自动发送。',
  },
  login: {
    title: '登录', login: '邮箱或手机号', loginPlaceholder: "you{'@'}company.com 或 138…", password: '密码',
    submit: '登录', required: '必填', failed: '账号或密码错误。', language: 'English',
  },
  nav: {
    inspections: '验货', orders: '订单', outbox: '待发送', me: '我的', dashboard: '交期风险', approvals: '待审批',
    suppliers: '供应商', settings: '设置', menu: '菜单', signOut: '退出登录', deliveries: '出货', warehouses: '仓库', today: '今日跟进',
  },
  orders: {
    title: '我的订单', emptyFactory: '目前还没有分配给本厂的订单。',
    emptyStaff: '暂无订单。新建或导入的订单会显示在这里。', supplier: '工厂',
  },
  outbox: {
    title: '待发送', empty: '全部已发送。', pending: '等待发送', sending: '发送中…', waiting: '将于 {time} 重试',
    failed: '未被接受', retry: '重试', discard: '放弃', discardConfirm: '放弃这条修改？它将不会被发送。',
    photo: '照片', photos: '{n} 张照片', attempts: '已尝试 {n} 次', sendNow: '立即发送', uploading: '上传中 {pct}%',
  },
  me: {
    title: '我的', name: '姓名', email: '邮箱', phone: '手机', role: '角色', supplier: '工厂', language: '语言',
    editName: '修改姓名', namePlaceholder: '请输入姓名', signOut: '退出登录', signOutPending: '还有 {n} 条修改未发送。仍要退出吗？它们会保留在手机上，再次登录后发送。',
  },
  roles: { qc: '验货员', admin: '管理员', merchandiser: '跟单员', factory: '工厂人员' },
  dashboard: { title: '交期风险', empty: '暂无需要跟进的订单。' },
  approvals: { title: '待审批', empty: '没有等待您审批的样品。' },
  suppliers: { reduced: '放宽检验', reducedShort: '允许放宽检验', reducedFor: '允许对{name}放宽检验（ISO 2859-1 9.3.3 c）', title: '供应商', empty: '暂无供应商。', code: '编号', contact: '联系人', inactive: '已停用', search: '按名称或编号搜索' },
  settings: { title: '设置', language: '语言', about: '关于跟单', version: '版本' },
  lang: { 'zh-CN': '中文', en: 'English' },
};
