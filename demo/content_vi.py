"""The demo newspaper's Vietnamese edition: the originals of the reference page's stories, the
sections' Vietnamese names, and the templates its generated stories are made from.

The reference page is the English edition's: its stories are translations of Vietnamese
originals. Here are those originals (written for the demo, in the style of a Vietnamese daily),
keyed by the English headline of their translation, so the demo links each English story to
its original (demo/seed.py, `_editions`). Generated Vietnamese stories fill every list of the
Vietnamese edition so that it paginates, as the English ones do.
"""

from __future__ import annotations

from typing import Any

# The sections' names and descriptions in the Vietnamese edition, by slug (the slug is shared:
# /world/ and /vi/world/).
SECTIONS: dict[str, dict[str, str]] = {
    "news": {
        "name": "Thời sự",
        "description": "Chính trị, xã hội và những sự kiện trong ngày trên khắp Việt Nam.",
    },
    "world": {
        "name": "Thế giới",
        "description": "Tin quốc tế và những gì chúng có ý nghĩa với Việt Nam.",
    },
    "business": {
        "name": "Kinh doanh",
        "description": "Thị trường, doanh nghiệp, bất động sản và nền kinh tế.",
    },
    "society": {
        "name": "Xã hội",
        "description": "Cộng đồng, giáo dục, sức khỏe và đời sống hằng ngày.",
    },
    "sports": {
        "name": "Thể thao",
        "description": "Bóng đá, các đội tuyển quốc gia và thể thao trong nước, quốc tế.",
    },
    "culture": {
        "name": "Văn hóa",
        "description": "Nghệ thuật, điện ảnh, âm nhạc, ẩm thực và du lịch.",
    },
}

# The Vietnamese originals, by the English headline of their translation. Each is published a
# little before its translation; its writers are the translation's, less the translator; its
# dateline is written as Vietnamese readers write the place (none: the translation's).
ORIGINALS: dict[str, dict[str, Any]] = {
    "US allows Ukraine to attack Russia with long-range missiles": {
        "headline": "Mỹ cho phép Ukraine dùng tên lửa tầm xa tấn công lãnh thổ Nga",
        "kicker": "Chiến sự Nga - Ukraine",
        "lead": "Tổng thống Mỹ Joe Biden lần đầu tiên cho phép Ukraine sử dụng tên lửa tầm xa "
        "do Mỹ cung cấp để tấn công vào lãnh thổ Nga.",
        "body": [
            "Thông tin được các quan chức Mỹ tiết lộ với báo New York Times. Nguồn tin cho biết "
            "tên lửa tầm xa do Mỹ cung cấp có thể được dùng để bảo vệ lực lượng Ukraine tại tỉnh "
            "Kursk, miền tây nước Nga.",
            "Quyết định này của Tổng thống Joe Biden là một thay đổi lớn trong chính sách của Mỹ, "
            "hai tháng trước khi Tổng thống đắc cử Donald Trump nhậm chức.",
            "Các quan chức Mỹ cho biết việc cho phép Ukraine dùng tên lửa tầm xa ATACMS là để đáp "
            "lại quyết định bất ngờ của Nga khi đưa binh sĩ Triều Tiên vào cuộc chiến.",
            "Tổng thống Ukraine Volodymyr Zelensky không xác nhận việc Mỹ đã cho phép ông dùng "
            "tên lửa tầm xa tấn công Nga, nhưng ngày 17-11 ông nhấn mạnh điều quan trọng hơn là "
            "dỡ bỏ giới hạn về số lượng tên lửa được dùng để tấn công Nga.",
            "Ông Biden bắt đầu nới lỏng hạn chế sử dụng vũ khí do Mỹ cung cấp trên lãnh thổ Nga "
            "sau khi Nga mở cuộc tấn công xuyên biên giới hồi tháng 5 nhằm vào Kharkiv, thành phố "
            "lớn thứ hai của Ukraine.",
            "Khi đó, ông Biden cho phép Ukraine dùng hệ thống HIMARS, có tầm bắn khoảng 80km, "
            "chống lại lực lượng Nga. Tuy nhiên ông không cho phép Ukraine dùng tên lửa ATACMS có "
            "tầm bắn xa hơn, khoảng 290km, để phòng thủ Kharkiv.",
            "Các quan chức Mỹ không kỳ vọng bước đi mới nhất này sẽ làm thay đổi cục diện chiến "
            "sự ở Ukraine, nhưng mục tiêu của sự điều chỉnh là gửi thông điệp tới Triều Tiên "
            "không đưa thêm quân sang Nga.",
            "Các quan chức lưu ý rằng sau khi Ukraine có thể dùng tên lửa tấn công binh sĩ Nga và "
            "Triều Tiên đang đe dọa lực lượng Ukraine ở Kursk, ông Biden cũng có thể cho phép "
            "Ukraine dùng loại vũ khí này ở những nơi khác.",
        ],
        "tags": ["Chiến sự Nga - Ukraine", "Mỹ", "Joe Biden", "Triều Tiên"],
        "hero_caption": "Tên lửa ATACMS có tầm bắn khoảng 290km.",
    },
    "Russia launched 120 missiles and 90 UAVs into Ukraine": {
        "headline": "Nga phóng 120 tên lửa và 90 UAV vào Ukraine",
        "lead": "Tổng thống Ukraine Volodymyr Zelensky cho biết Nga vừa mở một đợt tấn công "
        "dữ dội vào Ukraine.",
        "body": [
            "Còi báo động phòng không vang lên khắp cả nước từ sáng sớm khi tên lửa và máy bay "
            "không người lái nhắm vào các cơ sở năng lượng ở nhiều khu vực.",
            "Không quân Ukraine cho biết phần lớn UAV đã bị bắn hạ, nhưng tình trạng mất điện "
            "được ghi nhận ở Kiev, Odessa và Lviv.",
        ],
        "tags": ["Chiến sự Nga - Ukraine"],
        "hero_caption": "Các cơ sở năng lượng là mục tiêu chính của đợt tấn công.",
    },
    "Close-up of Russia destroying Ukrainian armor in Kursk": {
        "headline": "Cận cảnh Nga phá hủy xe bọc thép Ukraine ở Kursk",
        "lead": "Video cho thấy một xe bọc thép do Mỹ sản xuất của Ukraine bị UAV phá hủy khi "
        "đang di chuyển trên đường ở khu vực biên giới Nga.",
        "body": [
            "Đoạn video do Bộ Quốc phòng Nga công bố, chưa thể được kiểm chứng độc lập.",
            "Giao tranh tại tỉnh Kursk trở nên khốc liệt hơn kể từ khi lực lượng Ukraine vượt "
            "biên giới hồi tháng 8.",
        ],
        "tags": ["Chiến sự Nga - Ukraine"],
    },
    "US judiciary shocked by Trump's personnel nomination": {
        "headline": "Giới tư pháp Mỹ choáng váng vì đề cử nhân sự của ông Trump",
        "lead": "Tổng thống đắc cử Donald Trump đã đề cử Hạ nghị sĩ Cộng hòa Matt Gaetz của "
        "bang Florida làm bộ trưởng Tư pháp Mỹ.",
        "body": [
            "Lựa chọn này khiến giới luật sư và nghị sĩ của cả hai đảng bất ngờ, nhiều người cho "
            "rằng đề cử sẽ khó được Thượng viện phê chuẩn.",
            "Bộ trưởng Tư pháp đứng đầu Bộ Tư pháp và là quan chức thực thi pháp luật cao nhất "
            "của nước Mỹ.",
        ],
        "tags": ["Mỹ", "Donald Trump"],
    },
    "Mailisa beauty salon building in Ho Chi Minh City closes after announcement of "
    "temporary suspension of operations": {
        "headline": "Tòa nhà thẩm mỹ viện Mailisa ở TP.HCM đóng cửa sau thông báo tạm ngưng "
        "hoạt động",
        "dateline": "TP.HCM",
        "lead": "Thẩm mỹ viện Mailisa trên đường Huỳnh Văn Bánh (TP.HCM) đã đóng cửa sau khi "
        "thông báo tạm ngưng hoạt động trên toàn hệ thống.",
        "body": [
            "Thông báo dán trên cửa cho biết các lịch hẹn đã bị hủy và thẩm mỹ viện sẽ liên hệ "
            "với khách hàng về việc hoàn tiền.",
            "Thanh tra thành phố cho biết đang rà soát giấy phép của chuỗi thẩm mỹ viện này.",
        ],
        "tags": ["TP.HCM", "Quyền lợi người tiêu dùng"],
    },
    "US reviews all green cards from 19 countries after shooting that killed bodyguards": {
        "headline": "Mỹ rà soát toàn bộ thẻ xanh của người từ 19 nước sau vụ xả súng làm chết "
        "vệ binh",
        "lead": "Mỹ tuyên bố sẽ rà soát toàn bộ thẻ xanh cấp cho người nhập cư đến từ 19 quốc "
        'gia bị xếp vào diện "đáng quan ngại" sau vụ xả súng làm chết một thành viên Vệ binh '
        "Quốc gia.",
        "body": [
            "Giới chức di trú cho biết đợt rà soát sẽ áp dụng với các thường trú nhân đến từ "
            "những nước trong danh sách trong các năm gần đây.",
            "Các tổ chức nhân quyền cho biết sẽ khởi kiện quyết định này ra tòa.",
        ],
        "tags": ["Mỹ", "Nhập cư"],
    },
    "Excitedly receiving support to rebuild roofs after being torn apart by floods": {
        "headline": "Phấn khởi nhận hỗ trợ dựng lại mái nhà sau lũ",
        "dateline": "Gia Lai",
        "lead": "Sau bão lũ, căn nhà bỏ hoang của ông Hồ Thanh Hải được Quỹ Tấm lòng vàng Lao "
        "Động - Báo Lao Động hỗ trợ dựng lại chỗ ở, khắc phục hậu quả thiên tai.",
        "body": [
            "Lũ cuốn trôi mái nhà và gần hết đồ đạc, cả gia đình phải ngủ nhờ nhà hàng xóm suốt "
            "hai tuần.",
            "Tình nguyện viên và bộ đội đã giúp dọn bùn trước khi thợ xây mang tôn lợp mới đến.",
        ],
        "tags": ["Lũ lụt", "Tây Nguyên"],
        "hero_caption": "Tình nguyện viên giúp các gia đình dựng lại nhà sau lũ.",
    },
    "Premier League copyright changes and Vietnamese television market problem": {
        "headline": "Bản quyền Premier League đổi chủ và bài toán của thị trường truyền hình "
        "Việt Nam",
        "lead": "Việc bản quyền Premier League tại Việt Nam đổi chủ sẽ đặt thị trường truyền "
        "hình trước bài toán cạnh tranh, độc quyền và hiệu quả kinh doanh trong bối cảnh chi "
        "phí bản quyền ngày càng tăng.",
        "body": [
            "Các đài cho biết giá bản quyền tăng mạnh qua mỗi chu kỳ, trong khi doanh thu quảng "
            "cáo không theo kịp.",
            "Người hâm mộ lo ngại các trận đấu sẽ nằm sau những gói thuê bao đắt hơn.",
        ],
        "tags": ["Bóng đá", "Truyền hình"],
    },
    "High waves flood into Nha Trang coast": {
        "headline": "Sóng lớn tràn vào bờ biển Nha Trang",
        "dateline": "Khánh Hòa",
        "lead": "Bão số 15 chưa vào bờ nhưng tại một số khu vực ở Nha Trang đã ghi nhận gió "
        "mạnh, sóng cao khoảng 5m đánh trực diện vào khu vực kè biển.",
        "body": [
            "Chính quyền đã đóng cửa các bãi tắm và yêu cầu tàu cá về nơi trú ẩn.",
            "Người dân ở các khu dân cư thấp trũng được di dời đến trường học và trụ sở công.",
        ],
        "tags": ["Bão", "Khánh Hòa"],
        "hero_caption": "Sóng cao khoảng 5m đánh vào kè biển.",
    },
}

# After the translation was made, two originals changed, so the desk has translations to bring
# up to date (docs/editions.md, "Source changed"): a material update to one, a correction to
# the other. By the English headline of the translation.
SOURCE_UPDATE: dict[str, Any] = {
    "translation": "US reviews all green cards from 19 countries after shooting that killed "
    "bodyguards",
    "hours_ago": 3,
    "lead": "Mỹ tuyên bố sẽ rà soát toàn bộ thẻ xanh cấp cho người nhập cư đến từ 19 quốc gia "
    'bị xếp vào diện "đáng quan ngại" sau vụ xả súng làm chết một thành viên Vệ binh Quốc gia '
    "và làm bị thương một người khác.",
    "paragraph": "Bộ An ninh nội địa cho biết đợt rà soát sẽ bắt đầu từ tuần tới và kéo dài "
    "khoảng ba tháng.",
}
SOURCE_CORRECTION: dict[str, Any] = {
    "translation": "Mailisa beauty salon building in Ho Chi Minh City closes after "
    "announcement of temporary suspension of operations",
    "hours_ago": 2,
    "text": "Bản trước ghi thẩm mỹ viện nằm trên đường Huỳnh Văn Bánh, quận 3. Thực tế thẩm mỹ "
    "viện thuộc quận Phú Nhuận.",
}

# Generated stories of the Vietnamese edition: per section, headline and lead templates with
# {place} and {n}, and tags (places are shared with the English edition: demo.content.PLACES).
STORY_TEMPLATES: dict[str, list[dict[str, Any]]] = {
    "news": [
        {
            "headline": "{place} mở thêm {n} điểm tránh trú lũ trước mùa mưa",
            "lead": "Chính quyền {place} cho biết các điểm này có thể đón các gia đình ở vùng "
            "trũng chỉ vài giờ sau khi có cảnh báo.",
            "tags": ["Bão", "Chính quyền địa phương"],
        },
        {
            "headline": "{place} mở rộng đường vành đai sau {n} tháng chuẩn bị",
            "lead": "Dự án sẽ giảm ùn tắc ở những nút giao đông đúc nhất, lãnh đạo {place} "
            "cho biết.",
            "tags": ["Hạ tầng", "Chính quyền địa phương"],
        },
        {
            "headline": "Sạt lở cắt đứt đường vào {n} thôn ở {place}",
            "lead": "Bộ đội và tình nguyện viên đang thông tuyến, hàng cứu trợ được đưa vào "
            "bằng thuyền.",
            "tags": ["Bão", "Lũ lụt"],
        },
        {
            "headline": "{place} phạt {n} nhà máy gây ô nhiễm sông",
            "lead": "Đoàn kiểm tra phát hiện nước thải chưa qua xử lý được xả thẳng ra con sông "
            "cấp nước cho thành phố.",
            "tags": ["Môi trường", "Chính quyền địa phương"],
        },
    ],
    "world": [
        {
            "headline": "Đàm phán ngừng bắn ở Ukraine nối lại sau {n} ngày giao tranh",
            "lead": "Giới ngoại giao cho biết hai bên vẫn còn cách xa nhau về điều kiện đình "
            "chiến.",
            "tags": ["Chiến sự Nga - Ukraine"],
        },
        {
            "headline": "Quốc hội Mỹ tranh luận gói viện trợ {n} tỉ USD",
            "lead": "Các nghị sĩ chia rẽ về việc bao nhiêu phần của gói viện trợ nên dành cho "
            "nước ngoài.",
            "tags": ["Mỹ"],
        },
        {
            "headline": "Bộ trưởng ASEAN họp về bộ quy tắc ứng xử Biển Đông sau {n} vòng đàm phán",
            "lead": "Việt Nam kêu gọi một bộ quy tắc có tính ràng buộc, tôn trọng luật pháp "
            "quốc tế.",
            "tags": ["ASEAN", "Ngoại giao"],
        },
        {
            "headline": "Việt Nam và Nhật Bản ký {n} thỏa thuận hợp tác",
            "lead": "Các thỏa thuận bao gồm hạ tầng, chuyển đổi năng lượng và đào tạo lao động "
            "Việt Nam.",
            "tags": ["Ngoại giao", "Kinh tế Việt Nam"],
        },
    ],
    "business": [
        {
            "headline": "Xuất khẩu gạo tăng {n}% khi khách mua chuyển sang Việt Nam",
            "lead": "Nông dân Đồng bằng sông Cửu Long bán được giá hơn, nhưng giá phân bón "
            "cũng tăng.",
            "tags": ["Kinh tế Việt Nam", "Nông nghiệp"],
        },
        {
            "headline": "Giá nhà ở {place} tăng {n}% trong một năm",
            "lead": "Căn hộ ở {place} giờ vượt quá khả năng của phần lớn gia đình trẻ, giới môi "
            "giới cho biết.",
            "tags": ["Bất động sản", "Kinh tế Việt Nam"],
        },
        {
            "headline": "Start-up ở {place} gọi vốn {n} triệu USD trong quý",
            "lead": "Nhà đầu tư ưu tiên công nghệ tài chính và logistics, trong khi ứng dụng "
            "tiêu dùng khó gọi vốn.",
            "tags": ["Khởi nghiệp", "Kinh tế Việt Nam"],
        },
        {
            "headline": "Giá cà phê cao nhất trong {n} năm",
            "lead": "Nông dân Tây Nguyên được lợi khi Brazil mất mùa.",
            "tags": ["Nông nghiệp", "Tây Nguyên"],
        },
    ],
    "society": [
        {
            "headline": "{place} xây thêm {n} phòng học cho năm học mới",
            "lead": "Phụ huynh lâu nay phàn nàn về những lớp học hơn 50 học sinh ở các quận "
            "đông dân nhất.",
            "tags": ["Giáo dục"],
        },
        {
            "headline": "Tình nguyện viên ở {place} dựng lại {n} căn nhà sau lũ",
            "lead": "Những gia đình mất trắng đang trở về nhà trước Tết Nguyên đán.",
            "tags": ["Lũ lụt", "Cộng đồng"],
        },
        {
            "headline": "Bệnh viện ở {place} ghi nhận {n} ca sốt xuất huyết trong một tuần",
            "lead": "Ngành y tế khuyến cáo người dân dọn sạch nước đọng quanh nhà.",
            "tags": ["Sức khỏe"],
        },
        {
            "headline": "Người cao tuổi ở {place} học cách nhận diện lừa đảo qua điện thoại",
            "lead": "Công an cho biết {n} người cao tuổi đã mất tiền tiết kiệm vì kẻ gian giả "
            "danh cán bộ trong năm nay.",
            "tags": ["Cộng đồng", "Quyền lợi người tiêu dùng"],
        },
    ],
    "sports": [
        {
            "headline": "Việt Nam thắng Thái Lan {n}-1 trong trận giao hữu",
            "lead": "Đội hình trẻ gây ấn tượng với huấn luyện viên trước giải vô địch khu vực.",
            "tags": ["Bóng đá", "Đội tuyển quốc gia"],
        },
        {
            "headline": "CLB {place} chiêu mộ tiền đạo với giá kỷ lục",
            "lead": "Đây là bản hợp đồng lớn nhất V.League mùa này, câu lạc bộ cho biết.",
            "tags": ["Bóng đá", "V.League"],
        },
        {
            "headline": "Giải marathon ở {place} thu hút {n}.000 vận động viên",
            "lead": "Đường chạy đi qua những địa danh nổi tiếng nhất thành phố lúc bình minh.",
            "tags": ["Chạy bộ"],
        },
        {
            "headline": "Tuyển thủ cầu lông Việt Nam vào top {n} châu Á",
            "lead": "Đây là thành tích tốt nhất của Việt Nam tại giải trong một thập kỷ.",
            "tags": ["Đội tuyển quốc gia"],
        },
    ],
    "culture": [
        {
            "headline": "Lễ hội ẩm thực {place} phục vụ {n} món ăn vùng miền",
            "lead": "Đầu bếp khắp cả nước mang đến những công thức truyền qua nhiều thế hệ.",
            "tags": ["Ẩm thực", "Lễ hội"],
        },
        {
            "headline": "Phim Việt đoạt giải tại liên hoan phim châu Á lần thứ {n}",
            "lead": "Bộ phim kể về một gia đình ở {place} qua ba thế hệ.",
            "tags": ["Điện ảnh"],
        },
        {
            "headline": "{place} trùng tu {n} ngôi nhà cổ trong khu phố cổ",
            "lead": "Các nghệ nhân dùng kỹ thuật và gỗ truyền thống để giữ nguyên dáng vẻ của "
            "những ngôi nhà.",
            "tags": ["Di sản", "Du lịch"],
        },
        {
            "headline": "Du khách đổ về {place} dự lễ hội đèn lồng",
            "lead": "Các khách sạn báo kín {n}% phòng trong dịp cuối tuần lễ hội.",
            "tags": ["Lễ hội", "Du lịch"],
        },
    ],
}

# Body paragraphs for generated Vietnamese stories; each story takes three to five of them.
BODY_PARAGRAPHS = [
    "Lãnh đạo {place} cho biết kế hoạch đã được thảo luận nhiều tháng trước khi được phê duyệt.",
    "Người dân được lấy ý kiến tại các buổi họp ở từng phường, xã.",
    "Kinh phí thực hiện do ngân sách thành phố và các nhà tài trợ cùng đóng góp.",
    "Một số người dân cho rằng tiến độ còn chậm và mong chính quyền đẩy nhanh hơn.",
    "Chuyên gia nhận định đây là bước đi cần thiết, nhưng cần giám sát chặt chẽ khi triển khai.",
    "Theo kế hoạch, giai đoạn đầu sẽ hoàn thành trước cuối năm sau.",
    "Báo cáo chi tiết sẽ được công bố sau khi đoàn kiểm tra hoàn tất công việc.",
    "Tại {place}, nhiều gia đình đã chủ động chuẩn bị từ nhiều tuần trước.",
    "Các số liệu cho thấy xu hướng này kéo dài từ đầu năm đến nay.",
]

# How many Vietnamese stories the demo generates: enough for every list of the edition to
# paginate (NEWSROOM_PAGE_SIZE is 20).
GENERATED = 200
