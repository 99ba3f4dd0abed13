"""渝就发〔2020〕16号 (CQ16), the city's rules on online and offline training: one module per
section, each holding the one check function of each of its rules (:mod:`calc.checks`).

``content`` 一 培训内容 (and 三（一）) · ``hours`` 二 培训课时 · ``trainees`` 三 培训对象 ·
``modes`` 四 培训方式 · ``records`` 六 资料管理 and 附件3 · ``evidence`` 附件1–2.
"""
