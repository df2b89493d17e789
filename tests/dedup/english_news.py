"""English news stories written for the dedup pairs (tests/dedup/generate.py): original wire-style
text, every person, company and quote in them invented. Neighbours share a topic (one storm, one
trial, one club, one council...), so the generator's "same topic, shared quote" and "follow-up"
non-duplicates are built from stories a reader could confuse. Each story: 5–8 paragraphs, the
second one a quote, 1,200–4,000 characters in all."""

from __future__ import annotations

ENGLISH_NEWS: tuple[tuple[str, ...], ...] = (
    # 1. weather: Storm Hollis reaches the coast
    (
        "Storm Hollis brought gusts of more than 90 miles per hour to the south-west coast overnight, cutting power to about 140,000 homes and forcing the closure of two major bridges before dawn on Thursday.",
        "“This is the strongest wind we have recorded at this station since 1987,” said Ruth Penhallow, a forecaster at the regional weather office. “People should stay away from sea fronts until the tide turns this afternoon.”",
        "Engineers from the grid operator were waiting for the wind to drop below 50 miles per hour before climbing poles, the company said, warning that some rural customers could be without electricity until Saturday.",
        "The coastguard said it had rescued a fisherman whose boat lost its engine off Porthmellin harbour shortly after midnight. He was taken to hospital with mild hypothermia and was later described as comfortable.",
        "Dozens of trees came down across roads in three counties, and police asked drivers not to travel unless their journey was essential. Several schools announced they would stay closed for the day.",
        "The weather office kept an amber warning in place until 6 p.m., with a yellow warning for heavy rain following into Friday. Forecasters expect up to 60 millimetres of rain on high ground already saturated after a wet autumn.",
    ),
    # 2. weather: the same storm, the floods and rail damage it left behind
    (
        "Rail services between Exmouth Junction and the west remained suspended on Friday after Storm Hollis washed away a section of embankment near Dawlish Sands, leaving the track hanging over the sea wall.",
        "“We have never seen damage like this on a line that reopened only four years ago,” said Colin Marrack, route director for the rail network. “Our teams will work around the clock, but this will take weeks, not days.”",
        "Replacement buses were running between the affected stations, though the operator warned that journeys would take up to two hours longer and advised passengers to travel only if necessary.",
        "In the town of Lostbridge, the river burst its banks late on Thursday and about 60 properties were flooded. Volunteers filled sandbags in the car park of the leisure centre until after midnight.",
        "The environment agency said river levels had peaked and were falling slowly, but it kept four flood warnings in force because more rain was expected on Sunday.",
        "Local businesses said the timing could hardly be worse. “December is when we make our money,” said Anita Forde, who runs a bakery on Fore Street. “Now the shop floor is covered in mud and the freezers are gone.”",
        "Ministers said emergency funding would be made available to councils, though they gave no figure. The region’s members of parliament called for a second inland rail route to end the line’s dependence on the coast.",
    ),
    # 3. courts: a fraud trial opens
    (
        "The former finance chief of logistics group Harlow Freight went on trial on Monday accused of inflating the company’s profits by £48 million over three years to meet targets promised to investors.",
        "“This was not a mistake in a spreadsheet,” prosecutor Helen Achebe told the jury at Southwark Crown Court. “It was a deliberate and sustained deception, and the defendant knew exactly what he was doing.”",
        "Martin Kellaway, 54, denies four counts of false accounting and one count of fraud by abuse of position. The trial is expected to last about ten weeks.",
        "Prosecutors say Kellaway told junior staff to book revenue from contracts that had not yet been signed and to delay recording the cost of a failed warehouse project in the Midlands.",
        "Harlow Freight’s shares fell by more than half in a single day in 2022 when the company disclosed what it called accounting irregularities. Thousands of small shareholders lost money.",
        "The jury was shown emails in which Kellaway allegedly urged a colleague to “find another two million before Friday”. His lawyers are expected to argue that the board approved the accounting treatment.",
        "Harlow Freight, which employs about 3,000 people at depots across the country, is not itself on trial. It has since replaced its entire board and agreed to pay £12 million to settle a claim brought by investors.",
    ),
    # 4. courts: the same trial, a witness gives evidence
    (
        "A former accountant at Harlow Freight told a jury on Wednesday that she was pressured to record revenue from customer contracts that did not yet exist, in the trial of the logistics firm’s ex-finance chief.",
        "“I said it was wrong, and I was told that if I wanted a career here I would stop asking questions,” Priya Dunmore said, giving evidence from behind a screen at Southwark Crown Court.",
        "Dunmore, who worked in the company’s revenue team for six years, said she kept notes of the meetings in a diary at home because she feared she would be blamed if the numbers were ever examined.",
        "Under cross-examination, Kellaway’s barrister, Simon Okafor, suggested that the diary had been written later, after the company’s shares collapsed. Dunmore rejected that. “Every word was written on the day,” she said.",
        "The jury was shown a spreadsheet, headed “bridge to target”, which prosecutors say listed the adjustments needed each quarter to reach the profit figure given to analysts.",
        "The judge reminded jurors not to research the case online or discuss it with family members. The trial continues on Thursday, when a former auditor is due to give evidence.",
        "Earlier in the trial, the jury heard that Dunmore had raised her concerns in an email to the company’s whistleblowing hotline in 2021. Prosecutors say the email was forwarded to Kellaway, who replied that the matter was “closed”.",
    ),
    # 5. sport: a cup final
    (
        "Ashford Rovers won the county cup for the first time in 31 years on Saturday, beating Millbrook Town 2-1 after extra time in front of a sell-out crowd of 9,400 at the Riverside Stadium.",
        "“I have waited my whole life for this and I still can’t quite believe it,” said Rovers captain Dean Sutcliffe, who has played for the club since he was nine. “This one is for everyone in the town.”",
        "Millbrook took the lead after 14 minutes when striker Jonah Reyes headed in a corner at the near post, and they had the better of a scrappy first half on a heavy pitch.",
        "Rovers equalised eight minutes after the break through substitute Kofi Mensah, who curled a shot into the top corner from 20 yards with his first touch.",
        "The winner came in the 112th minute, when Millbrook goalkeeper Lewis Hart could only parry a low cross into the path of midfielder Sam Oduya, who tapped in from close range.",
        "Rovers manager Gail Thornton, in her first season in charge, was lifted onto her players’ shoulders at the final whistle. The club will receive £50,000 in prize money and a place in next season’s regional shield.",
        "It was a bitter end for Millbrook, who had beaten two league sides on the way to the final. Their manager, Rob Kilner, said his players had given everything. “Extra time on that pitch was a lottery, and we lost it,” he said.",
    ),
    # 6. sport: the same club, a week later, its manager leaves
    (
        "Ashford Rovers manager Gail Thornton has left the club to take charge of league side Castleford United, just eight days after leading Rovers to their first county cup win in three decades.",
        "“I have loved every minute here and leaving was the hardest decision of my career,” Thornton said in a statement released by the club on Sunday evening. “But this is a chance I could not turn down.”",
        "Castleford, bottom of the table and eight points from safety, are understood to have paid Rovers a compensation fee of about £120,000, a record for the club.",
        "Rovers chairman Neil Brampton said the board was disappointed but understood the decision. Assistant manager Tom Greaves will take charge of the team for Tuesday’s league match against Harbury.",
        "Supporters’ groups reacted with a mixture of pride and frustration. Several fans said on the club’s forum that Thornton had been given too short a contract after her appointment in the summer.",
        "Thornton, 41, spent most of her playing career as a defender in the women’s second division before turning to coaching. Castleford is her first full-time professional job.",
        "Her departure means Rovers will be looking for their fourth manager in three years. The club said it hoped to make an appointment before the end of the month and that several candidates had already been in touch.",
    ),
    # 7. markets: the central bank holds rates
    (
        "The central bank left its main interest rate unchanged at 4.25% on Thursday, as expected, but two of the nine members of its rate-setting committee voted for a cut, a sign that borrowing costs could fall early next year.",
        "“Inflation is moving in the right direction, but it is not yet where we need it to be,” Governor Alan Mercer told reporters. “We will not cut rates before we are confident that the job is done.”",
        "Consumer price inflation eased to 2.9% in October from 3.3% in September, official figures showed last week, helped by lower energy bills and a slowdown in food price increases.",
        "The bank said wage growth remained too strong for comfort, at about 5%, and that service sector prices, which are closely linked to pay, had barely slowed since the spring.",
        "The currency fell by half a cent against the dollar after the vote split was published, as traders added to bets on a cut in February. Government bond yields also fell.",
        "Economists were divided. “The door to a cut is now open,” said Fiona Lake, chief economist at Northgate Securities. Others pointed out that the bank had given similar signals last year before holding steady for months.",
        "The committee will publish new forecasts for growth and inflation at its next meeting in February. The economy grew by only 0.1% in the third quarter, and several business surveys point to a slowdown around the turn of the year.",
    ),
    # 8. markets: shares fall as oil prices jump
    (
        "Stock markets fell on Monday after oil prices jumped by more than 6%, their biggest one-day rise in eighteen months, following an attack on a tanker in a major shipping lane over the weekend.",
        "“Markets had grown far too relaxed about supply risks,” said Daniel Osei, head of commodities research at Westmarch Bank. “This is a reminder that a single incident can move prices very quickly.”",
        "Brent crude rose to $91.40 a barrel by late afternoon. Shares in airlines and holiday companies were among the biggest losers, while oil producers rose.",
        "The main index of leading shares closed down 1.4%, its worst day since August. Indices in Frankfurt and Paris fell by similar amounts.",
        "Investors also worried that higher energy costs would make it harder for central banks to cut interest rates. Central bank governor Alan Mercer said last week that inflation was “moving in the right direction.”",
        "Shipping insurers said premiums for vessels crossing the area had doubled since Saturday. Two large container lines said they would reroute ships around the cape, adding about ten days to journeys.",
        "Petrol retailers warned that prices at the pump could rise by five pence a litre within a fortnight if crude stayed at its new level. Motoring groups urged them to pass on any fall in prices just as quickly when it came.",
    ),
    # 9. local politics: the council budget and a tram extension
    (
        "Councillors in Brackenfield voted on Tuesday night to raise council tax by 4.99% and to go ahead with a £210 million extension of the city’s tram network, after a debate that lasted more than five hours.",
        "“Nobody wants to raise taxes in a cost-of-living crisis, but the alternative was closing libraries and cutting care for the elderly,” said council leader Margaret Oyelaran. “We chose to protect services.”",
        "The budget passed by 38 votes to 27. Opposition councillors proposed an amendment to delay the tram project for two years and use the money to repair roads, but it was defeated.",
        "The extension will add six stops and link the Eastgate housing estate to the city centre and the university hospital. Construction is due to begin next autumn and finish in 2029.",
        "Campaigners from the Eastgate residents’ association watched from the public gallery and cheered when the vote was announced. Many households on the estate do not own a car.",
        "A band D household will pay about £92 more a year. The council said it still needed to find £14 million of savings, including the merger of two recycling centres.",
        "The meeting was briefly suspended after protesters opposed to the closure of a day centre for adults with learning disabilities interrupted the debate. They left peacefully after the chair agreed to hear a statement from them.",
    ),
    # 10. local politics: the same city, the mayoral campaign
    (
        "Brackenfield’s mayoral race tightened on Friday as a new poll put the independent candidate, former headteacher Lorraine Vickers, within three points of the sitting mayor, Peter Hallworth.",
        "“People are tired of being told that nothing can change,” Vickers told supporters at a rally in the Corn Exchange. “I am not a politician, and I think that is exactly why people are listening.”",
        "The poll of 1,100 residents put Hallworth on 36%, Vickers on 33% and the opposition candidate on 19%. The remainder were undecided or planned to back smaller parties.",
        "Hallworth’s campaign has focused on the tram extension approved by the council this month. “That project was on the drawing board for twenty years, and we got it done,” he said.",
        "Vickers has promised to review the tram plans and spend more on bus services, arguing that buses reach more neighbourhoods for the same money.",
        "The election takes place on May 7. Turnout in the last mayoral election was 29%, and both campaigns said they were focusing on getting younger voters registered.",
        "Both candidates will face each other in three televised debates, the first on local radio next Thursday. Vickers has said she will publish a full costing of her transport plans before then, which Hallworth’s team has called overdue.",
    ),
    # 11. science: a telescope finds water vapour on a distant planet
    (
        "Astronomers have detected water vapour in the atmosphere of a planet orbiting a small red star 97 light-years away, in what they say is the clearest such signal yet from a world not much larger than Earth.",
        "“We were cautious for months because we wanted to be sure this was not an artefact of the instrument,” said Dr Elena Marsh, who led the study at the University of Kelmouth. “Now we are confident.”",
        "The planet, known as KEL-41 b, is about 1.6 times the diameter of Earth and completes an orbit every 11 days. Its surface is thought to be too hot for liquid water.",
        "The team observed the planet four times as it passed in front of its star, measuring how starlight filtered through its atmosphere at different wavelengths. The results were published in a leading astronomy journal.",
        "Other researchers welcomed the finding but urged caution. Signals from red dwarf stars can be contaminated by cool star spots, which also contain water, said Professor Ivan Dobrev, who was not involved in the study.",
        "The team has been granted more telescope time next year to look for carbon dioxide and methane, which could reveal more about how the planet’s atmosphere formed.",
        "Detecting atmospheres on small planets is one of the hardest tasks in astronomy because the signal is tiny compared with the light of the star. Until recently, clear detections were possible only for giant planets close to their stars.",
    ),
    # 12. science: the same lab, a different result
    (
        "A team at the University of Kelmouth has found that some small planets around red dwarf stars may keep their atmospheres for billions of years, contrary to the widely held view that stellar flares strip them away.",
        "“For a long time the assumption was that these worlds were bare rocks,” said Dr Elena Marsh, a co-author of the study. “Our models show that a thick enough atmosphere can survive the early, violent years of the star.”",
        "The researchers ran computer simulations of 300 hypothetical planets, varying their mass, the strength of their magnetic fields and the activity of their host stars.",
        "About a third of the simulated planets kept a substantial atmosphere after five billion years, they reported. Planets with strong magnetic fields fared best.",
        "The work is theoretical and will need to be tested by observations. Several candidates, including a planet in which the same group recently detected water vapour, are due to be observed next year.",
        "The study was funded by the national science research council and published on Wednesday in a peer-reviewed astrophysics journal.",
        "Dr Marsh said the results did not mean such planets were likely to host life. “An atmosphere is a necessary first step, not a guarantee of anything,” she said, adding that temperature and chemistry would matter just as much.",
    ),
    # 13. health: hospital waiting lists
    (
        "The number of patients waiting more than a year for planned hospital treatment rose for the third month in a row in October, to 312,000, according to figures published on Thursday.",
        "“Behind every one of these numbers is a person living in pain and unable to work,” said Dr Hannah Ellery, chair of the surgeons’ association. “We cannot keep treating this as a temporary problem.”",
        "The total waiting list stood at 7.4 million treatments. The longest waits were for orthopaedic surgery, such as hip and knee replacements, and for ear, nose and throat procedures.",
        "Hospital leaders blamed a combination of strikes by junior doctors, a shortage of beds and high numbers of patients with respiratory infections who needed emergency care.",
        "The health department said it was opening 40 new diagnostic centres and using private hospitals to treat more patients. “We are determined to bring waiting times down,” a spokesperson said.",
        "Patients’ groups said many people were paying for private treatment out of their savings. A survey by one charity found that one in eight people on a waiting list had considered doing so.",
        "In emergency departments, 1.6 million patients waited more than four hours to be seen in October, and about 44,000 waited more than twelve hours for a bed after a decision was made to admit them, the figures showed.",
    ),
    # 14. health: a measles outbreak
    (
        "Health officials have urged parents to check their children’s vaccination records after 47 cases of measles were confirmed in the Whitmoor area in the past month, the largest outbreak in the region for a decade.",
        "“Measles is not a mild illness. It can cause pneumonia, brain swelling and, in rare cases, death,” said Dr Samuel Adeyemi, the region’s director of public health. “Two doses of the vaccine give excellent protection.”",
        "Most of the cases are in children under ten, and eleven have needed hospital treatment. None is in a critical condition, officials said.",
        "Vaccination rates among five-year-olds in parts of Whitmoor have fallen to 78%, well below the 95% needed to stop the disease spreading, according to the public health agency.",
        "Pop-up clinics will open this weekend at two shopping centres and a community hall, and staff will visit schools to offer catch-up doses. No appointment is needed.",
        "Dr Adeyemi said hospital waiting rooms were a particular risk. He asked anyone with a rash and high fever to telephone their doctor first rather than arrive at a surgery or emergency department in person.",
        "The outbreak began in a primary school in the north of the town and has since spread to nurseries and to a secondary school. Officials said some of the children had caught the virus at a children’s birthday party.",
    ),
    # 15. transport: an airport strike
    (
        "Security staff at Eastmoor Airport will strike for four days over the Easter weekend after rejecting a pay offer of 5%, their union said on Tuesday, threatening travel plans for about 200,000 passengers.",
        "“Our members have kept this airport running through every crisis of the past five years, and they are sick of being taken for granted,” said Gary Lomax, regional organiser for the union.",
        "The airport said it had contingency plans and expected to keep most flights running, but warned passengers to expect long queues and to arrive at least three hours before departure.",
        "Eastmoor’s operator said the offer was fair and in line with settlements elsewhere in the industry. It said the average security officer earned about £31,000 a year including overtime.",
        "Two low-cost airlines said they were considering moving some flights to other airports. Travel agents reported a rise in calls from customers asking whether they could change their dates.",
        "The strike is due to begin at 4 a.m. on Good Friday. Talks between the two sides are scheduled for next week at the conciliation service.",
        "It would be the third strike at the airport in a year. A walkout by baggage handlers last summer led to the cancellation of more than 300 flights and left thousands of suitcases stranded in a hangar for several days.",
    ),
    # 16. transport: the same airport, the strike is called off
    (
        "A four-day strike by security staff at Eastmoor Airport over Easter has been called off after the union’s members voted to accept an improved pay offer, the airport and the union said on Thursday.",
        "“This is a good deal for our members and it shows what can be achieved when people stand together,” said union organiser Gary Lomax. “We are pleased that passengers can travel without disruption.”",
        "The new offer is worth 6.5% this year and a further 4% next year, along with an extra day of annual leave. About 81% of those who voted backed the deal.",
        "The airport’s chief executive, Louise Fenwick, said she was relieved. “Easter is one of our busiest weekends and we are glad to put this behind us,” she said.",
        "Passengers who had changed their travel plans because of the threatened walkout expressed mixed feelings. One family said they had paid £400 to move their flights to another airport.",
        "The airport expects to handle about 200,000 passengers over the holiday weekend, close to the record set last summer.",
        "The agreement also includes a review of shift patterns, which staff said had become harder to manage since the airport extended its opening hours. The review is due to report by the end of the summer.",
    ),
    # 17. environment: a water company fined
    (
        "A water company has been fined £3.2 million for pumping untreated sewage into the River Lenn over 18 months, in what prosecutors described as one of the worst pollution cases they had brought.",
        "“The company knew its equipment was failing and chose not to fix it,” said Judge Patricia Wren at Lenchester Crown Court. “The river and the people who use it paid the price for that decision.”",
        "Severnvale Water admitted 14 offences under environmental law. The court heard that a broken pump at its Hallow Mill treatment works caused sewage to spill into the river on at least 200 days.",
        "Tests downstream found levels of bacteria up to forty times above safe limits. Fish were found dead along a two-mile stretch in the summer of 2023, and a popular swimming spot was closed.",
        "The company apologised and said it had since spent £11 million upgrading the works. Its chief executive did not attend the hearing.",
        "Campaigners said the fine was too small to make a difference to a company that made a profit of £240 million last year. They called for executives to face personal responsibility for pollution.",
        "The environment agency said water companies had reported more than 400,000 sewage spills into rivers and the sea last year. It has increased inspections and says it is pursuing dozens of further criminal investigations.",
    ),
    # 18. environment: the same river, a clean-up plan
    (
        "Volunteers, anglers and the local council have launched a five-year plan to clean up the River Lenn, months after a water company was fined for pumping sewage into it.",
        "“We are not going to wait for someone else to save our river,” said Jim Halloran, chair of the Lenn Valley Angling Club. “Everyone here grew up swimming in it, and we want our grandchildren to do the same.”",
        "The plan includes planting 20,000 trees along the banks to reduce run-off from farmland, building wetlands to filter water from roads, and monthly water testing by trained volunteers.",
        "The council has committed £1.5 million over five years. Severnvale Water, which was fined £3.2 million last spring, said it would contribute £500,000 and share its own monitoring data.",
        "Scientists at the University of Lenchester will analyse the samples. Dr Amira Hassan, who leads the project, said the river had recovered quickly in the past once pollution stopped.",
        "Several farms upstream have agreed to fence off the riverbank to keep cattle out of the water. The first tree planting day is planned for next month.",
        "Swimmers have returned to the river in small numbers since the summer, despite warnings. Signs at the old swimming spot near the weir still advise people not to enter the water until testing shows it is safe.",
    ),
    # 19. education: teachers vote to strike
    (
        "Teachers in more than 2,000 schools will strike for two days next month after their union announced that 73% of members who took part in a ballot had voted for industrial action over pay and workload.",
        "“Teachers do not want to strike, but they have been left with no other choice,” said Mary Kendrick, general secretary of the teachers’ union. “Our schools cannot keep losing staff at this rate.”",
        "Turnout was 54%, above the legal threshold of 50%. The strikes are planned for March 12 and 13, and the union said further dates could follow if there was no progress.",
        "The education department said the vote was disappointing and that the 5.5% pay rise awarded last year was the largest in three decades. It urged the union to return to talks.",
        "Headteachers said many schools would have to close or send some year groups home. Parents’ groups warned that working families would struggle to find childcare at short notice.",
        "The union says one in four new teachers leaves the profession within three years. It wants a pay rise above inflation and a limit on the hours teachers work.",
        "Sixth-form colleges, where a separate ballot was held, narrowly missed the turnout threshold, meaning their staff will not join the walkout. The union said it would ballot them again in the spring.",
    ),
    # 20. business: a factory closure
    (
        "About 640 jobs are at risk after Calloway Foods said on Wednesday that it planned to close its biscuit factory in Greystone, which has operated on the same site for more than a hundred years.",
        "“This is a devastating day for the workers, their families and the whole town,” said local member of parliament Aisha Khan. “I will be doing everything I can to persuade the company to think again.”",
        "The company said the factory was too old and too expensive to run, and that production would move to its newer plants in the north and in Poland over the next 18 months.",
        "Workers were told of the decision at a meeting on Wednesday morning. Some left the site in tears. “My dad worked here, and my grandad,” said one line supervisor who asked not to be named.",
        "Unions said they would fight the closure and called for a meeting with the company’s owners. A 45-day consultation period has now started.",
        "The factory is the largest private employer in Greystone, a town of about 30,000 people. Council leaders said they would set up a task force to help workers find new jobs and training.",
        "The closure comes two years after the company was bought by a private equity firm. Since then it has sold its cake business and closed a distribution centre, cutting about 300 jobs in total across the group.",
    ),
    # 21. culture: a museum returns artefacts
    (
        "The National Museum of Antiquities will return 32 bronze sculptures to Nigeria, it said on Monday, more than a century after they were taken from the city of Benin by British troops.",
        "“These objects were taken by force, and it is right that they go home,” said museum director Richard Ashworth. “We hope this is the beginning of a long partnership, not the end of a conversation.”",
        "The sculptures, which include plaques and a commemorative head, will be handed over at a ceremony in the spring. Some will remain on loan to the museum for three years under the agreement.",
        "Nigerian officials welcomed the decision. The sculptures will be displayed at a new museum being built in Benin City.",
        "The museum has been under pressure from campaigners and from some of its own trustees to return the objects. A change in the law last year allowed national museums to give away items in their collections.",
        "Other museums are expected to follow. A spokesperson for a group of regional museums said several were in talks about the return of objects taken during colonial wars.",
        "Museum curators said each object had been photographed and scanned in detail so that researchers could continue to study them. Digital copies will be made available online free of charge.",
    ),
    # 22. housing: rents rise
    (
        "Average rents for new tenancies rose by 9.1% in the year to September, the fastest increase on record, with tenants in some cities now spending more than 40% of their income on housing, a survey showed on Tuesday.",
        "“Renters are being squeezed from every side,” said Laura Bennett, chief executive of a tenants’ charity. “Many are one rent increase away from losing their home.”",
        "The survey by a property website found the average monthly rent outside the capital had reached £1,280. The sharpest rises were in university towns and in the north-west.",
        "Landlords said rising mortgage costs and new regulations were pushing some of them to sell, reducing the number of homes available. The number of properties listed for rent was down 18% on a year earlier.",
        "The government said it was building more homes and would ban landlords from evicting tenants without a reason. Critics said the ban had been promised for five years.",
        "Economists expect rent rises to slow next year as wage growth eases, but said there was little sign of a fall. “Supply is simply not keeping up with demand,” one said.",
        "Tenants in shared houses have been hit particularly hard. The survey found the average cost of a room in a shared house had risen by 11% in a year, pushing many young workers to move back in with their parents.",
    ),
    # 23. agriculture: a drought hits the harvest
    (
        "Farmers in the east of the country expect the smallest wheat harvest in 20 years after the driest spring since records began, the national farmers’ union said on Monday.",
        "“Some fields look like they did in August, and we are still only in June,” said Robert Fenn, who farms 400 hectares near Saltmarsh. “We will be lucky to get half a normal crop.”",
        "The weather office said rainfall from March to May had been 32% of the average. Reservoirs in the region were at their lowest level for the time of year since 1976.",
        "The farmers’ union said yields of wheat and barley could be down by a third nationally, and that potato and vegetable growers were also struggling because of restrictions on taking water from rivers.",
        "Bakers and food manufacturers warned that prices could rise. Flour prices were already up 8% since April, according to the millers’ association.",
        "The environment agency declared a drought in four counties and said a hosepipe ban was likely in the summer unless there was significant rain in the coming weeks.",
        "Livestock farmers face problems too. Grass has stopped growing on many pastures and some farmers have started feeding cattle their winter hay, which they fear could lead to a shortage of fodder later in the year.",
    ),
    # 24. crime: a jewellery robbery
    (
        "Police are searching for three men who stole watches and jewellery worth an estimated £2 million from a shop in Lenchester’s Market Street in a raid that lasted less than two minutes on Saturday afternoon.",
        "“This was a frightening experience for the staff and shoppers who were there,” said Detective Inspector Carol Ndlovu. “We are confident someone knows who these men are, and we urge them to come forward.”",
        "The men, who wore motorcycle helmets, smashed display cases with hammers and fled on two scooters towards the ring road. Nobody was injured.",
        "Witnesses described hearing glass breaking and seeing shoppers run from the store. One man said he had been buying a birthday present for his wife when the robbers burst in.",
        "Police said they were examining footage from cameras in the area and believed the robbery was linked to two similar raids in other cities in the past six months.",
        "The shop, which has traded in the city since 1964, was closed on Sunday but expected to reopen later in the week. Anyone with information is asked to call police or an anonymous crime line.",
        "Insurance experts said robberies of this kind had become more common as the price of luxury watches rose. Some shops have installed fog machines and reinforced glass to slow down raiders.",
    ),
)
