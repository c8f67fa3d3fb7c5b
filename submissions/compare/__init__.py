"""What a comparison may show. Every comparison page, chart and CSV reads through this package.

The sharing rules (DOMAIN.md, "Data rules"):

- **Averages, spreads and "top quarter"** are computed over *shared* submissions only
  (sharing "anonymous" or "named") of one edition, whatever their status. A private submission
  never enters anyone's averages, not even its own organisation's view of them.
- **An average** is the mean of the scores over the organisations with a score, withheld over
  fewer organisations than a setting (``statistics``), and wherever the disclosure audit says
  it could reveal an organisation that shared anonymously (``disclosure``): over a group with
  one or two anonymous members (primary rule), or where differences with other figures would
  isolate one (secondary suppression). A withheld figure says nothing of how many
  organisations stand behind it.
- **Highest-scoring quarter on this portal** (not Stonewall's Top 100): the shared submissions
  whose total is at least the ``ceil(n / 4)``-th highest of the ``n`` shared totals (ties at
  the boundary are all included; submissions without a total are not ranked). The same rule,
  applied to the scores a section's page lists, decides "who did this well".
- **Profiles** (one organisation in one edition): its own members and the project team may open
  any of the organisation's submissions; anyone else only one shared by name. Otherwise 404.
  A trend shows the same editions (``access``). A trend's section row crosses a change of
  criteria only along the ``continues`` link an admin sets on a section, and says so;
  sections that merely share a name are separate rows.
- **Section views** list every shared submission, ranked by score; anonymous ones only where at
  least the minimum number shared a score in the section, as for averages. Those shared by
  name are named; anonymous ones are labelled "Organisation A", "B", ... in rank order on that
  page, so a label means nothing on another page. The viewer's own organisations appear under
  their own name, marked private when they are. Names of anonymous organisations are not even
  fetched from the database. The table may be sorted by organisation or score; sorting
  reorders the entries already read.

One module per read model (``index``, ``profile``, ``section``, ``leaders``, ``trend``), the
arithmetic in ``statistics``, disclosure control in ``disclosure``, chart geometry in
``charts``, and in ``version`` the data version and the cache of what every viewer shares.
"""
